using System.ComponentModel.DataAnnotations;

namespace Guardrail.Core.Persistence;

/// <summary>
/// Where Guardrail keeps its data. With no <see cref="Database"/> connection string it uses an embedded
/// SQLite file in <see cref="DataDirectory"/>; a PostgreSQL connection string switches to PostgreSQL.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required]
    public string DataDirectory { get; set; } = "guardrail-data";

    public string? Database { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Database);

    public string SqliteConnectionString =>
        $"Data Source={Path.Combine(Path.GetFullPath(DataDirectory), "guardrail.db")}";
}
