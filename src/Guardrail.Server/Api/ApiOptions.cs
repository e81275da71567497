using System.ComponentModel.DataAnnotations;

namespace Guardrail.Server.Api;

public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The largest request body accepted; larger ones are refused with 413 before they are read.</summary>
    [Range(1024, 1L << 32)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
