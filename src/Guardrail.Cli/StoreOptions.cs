using System.CommandLine;
using Guardrail.Core.Persistence;

namespace Guardrail.Cli;

/// <summary>
/// <c>--data</c> and <c>--database</c>: which store a verb opens directly (serve, token create).
/// The same settings also come from GUARDRAIL_STORAGE__DATADIRECTORY and GUARDRAIL_STORAGE__DATABASE.
/// </summary>
internal sealed class StoreOptions
{
    public Option<string?> Data { get; } = new("--data")
    {
        Description = "Directory of the embedded SQLite store (default: ./guardrail-data).",
    };

    public Option<string?> Database { get; } = new("--database")
    {
        Description = "PostgreSQL connection string; when given, the SQLite store is not used.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Database);
    }

    public StorageOptions Read(ParseResult parse)
    {
        var defaults = new StorageOptions();
        return new StorageOptions
        {
            DataDirectory = parse.GetValue(Data) ?? Environment.GetEnvironmentVariable("GUARDRAIL_STORAGE__DATADIRECTORY") ?? defaults.DataDirectory,
            Database = parse.GetValue(Database) ?? Environment.GetEnvironmentVariable("GUARDRAIL_STORAGE__DATABASE"),
        };
    }
}
