using System.ComponentModel.DataAnnotations;
using Guardrail.Core.Cmdb;
using Guardrail.Core.ServiceCatalog;
using Microsoft.Extensions.Options;

namespace Guardrail.Server.Operations;

public sealed class CatalogIndexOptions
{
    public const string SectionName = "CatalogIndex";

    /// <summary>How soon a write made on another node shows in this node's in-memory catalogue.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>Keeps the in-memory service catalogue and CMDB graph current with writes made by other nodes (or straight in the database).</summary>
internal sealed partial class CatalogIndexRefresher(
    ServiceCatalogIndex index, CmdbGraph graph, IOptions<CatalogIndexOptions> options, TimeProvider clock, ILogger<CatalogIndexRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await index.RefreshIfChangedAsync(stoppingToken);
                await graph.RefreshIfChangedAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                LogRefreshFailed(logger, failure);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the in-memory catalogue or CMDB graph failed; retrying on the next tick")]
    private static partial void LogRefreshFailed(ILogger logger, Exception failure);
}
