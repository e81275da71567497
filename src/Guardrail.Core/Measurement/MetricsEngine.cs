using Guardrail.Core.Cmdb;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Guardrail.Core.Measurement;

/// <summary>What a caller asks for: a scope (at most one of service, team and business service), an environment, a window and a band set.</summary>
public sealed record MetricsRequest(
    string? Service = null,
    string? Team = null,
    string? BusinessService = null,
    string? Environment = null,
    string? Window = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Bands = null,
    string? Trend = null);

/// <summary>A request made exact: the scope's services, the environment, the window in UTC, the trend's periods.</summary>
public sealed record MetricsQuery(
    MetricsScope Scope, EnvironmentFilter Environment, MetricsWindow Window, TimeZoneInfo Zone, BandSet Bands,
    IReadOnlyList<(DateOnly Start, MetricsWindow Window)> Periods)
{
    public DateTime LoadFrom => Periods.Count > 0 && Periods[0].Window.From < Window.From ? Periods[0].Window.From : Window.From;

    public DateTime LoadTo => Periods.Count > 0 && Periods[^1].Window.To > Window.To ? Periods[^1].Window.To : Window.To;
}

/// <summary>
/// Computes every figure of METRICS.md for a scope, environment and window from the records themselves, and lists the
/// records behind any one of them, so a figure and its drill-down can never disagree.
/// </summary>
public sealed class MetricsEngine(GuardrailDb db, IServiceScopeFactory scopes, CmdbGraph graph, IOptions<MetricsOptions> options, TimeProvider clock)
{
    public const int TrendPeriods = 12;

    public async Task<Result<MetricsQuery>> ResolveAsync(MetricsRequest request, CancellationToken cancellationToken)
    {
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        }
        catch (TimeZoneNotFoundException)
        {
            return new Error("metrics.time_zone_unknown", $"The organisation's time zone '{options.Value.TimeZone}' (Metrics:TimeZone) is not known on this server.", ErrorKind.Conflict);
        }
        var bands = BandSets.Find(request.Bands ?? options.Value.BandSet);
        if (bands is null)
            return Error.Invalid("bands", $"No band set '{request.Bands}'; choose one of {string.Join(", ", BandSets.All.Select(b => b.Id))}.");
        var trend = TrendPeriod.Week;
        if (request.Trend is not null && !WireNames.TryParse(request.Trend, out trend))
            return Error.Invalid("trend", "'trend' is 'week' or 'month'.");
        var window = MetricsWindow.Parse(request.Window, request.From, request.To, zone, clock.UtcNow());
        if (!window.Succeeded)
            return window.Error;
        var scope = await MetricsScopes.ResolveAsync(db, request.Service, request.Team, request.BusinessService, cancellationToken);
        if (!scope.Succeeded)
            return scope.Error;
        var environment = await MetricsScopes.ResolveEnvironmentAsync(db, request.Environment, cancellationToken);
        if (!environment.Succeeded)
            return environment.Error;
        return new MetricsQuery(scope.Value, environment.Value, window.Value, zone, bands, Periods(window.Value, zone, trend));
    }

    public async Task<Result<MetricsReport>> ReportAsync(MetricsRequest request, CancellationToken cancellationToken)
    {
        var query = await ResolveAsync(request, cancellationToken);
        return query.Succeeded ? await ReportAsync(query.Value, cancellationToken) : query.Error;
    }

    public async Task<MetricsReport> ReportAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        // The service management figures are worked out as soon as their records are read, while the deployments still load.
        var (delivery, serviceFigures) = await LoadFactsAsync(query, facts => new ServiceManagementMetrics(facts, query.Window).Figures(), cancellationToken);
        return Report(query, DeliveryMetricsOf(query, delivery), serviceFigures);
    }

    public static MetricsReport Report(MetricsQuery query, DeliveryMetrics delivery, ServiceManagementMetrics service) => Report(query, delivery, service.Figures());

    public async Task<(DeliveryMetrics Delivery, ServiceManagementMetrics ServiceManagement)> LoadAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        var (delivery, service) = await LoadFactsAsync(query, cancellationToken);
        return (DeliveryMetricsOf(query, delivery), new ServiceManagementMetrics(service, query.Window));
    }

    private static MetricsReport Report(MetricsQuery query, DeliveryMetrics delivery, IReadOnlyList<MetricFigure> serviceFigures) =>
        new(query.Scope, query.Environment, query.Window, query.Zone.Id, query.Bands, [.. delivery.FiguresInParallel(), .. serviceFigures]);

    private static DeliveryMetrics DeliveryMetricsOf(MetricsQuery query, DeliveryFacts facts) => new(facts, query.Window, query.Periods, query.Zone, query.Bands);

    /// <summary>
    /// The records behind a query. The deployments, the incidents that make suspects of them, the delivered changes and the
    /// service management records are read at the same time, each on a connection of its own: at scale the reading is most of
    /// a report's time.
    /// </summary>
    public Task<(DeliveryFacts Delivery, ServiceManagementFacts ServiceManagement)> LoadFactsAsync(MetricsQuery query, CancellationToken cancellationToken) =>
        LoadFactsAsync(query, facts => facts, cancellationToken);

    /// <summary>The same, with <paramref name="then"/> applied to the service management records on their own thread as soon as they are read.</summary>
    private async Task<(DeliveryFacts Delivery, T ServiceManagement)> LoadFactsAsync<T>(MetricsQuery query, Func<ServiceManagementFacts, T> then, CancellationToken cancellationToken)
    {
        var snapshot = await graph.SnapshotAsync(cancellationToken);
        var changes = OnOwnConnectionAsync(other => DeliveryFacts.LoadChangesAsync(other, query.Scope, query.Environment, query.LoadFrom, query.LoadTo, cancellationToken));
        var service = OnOwnConnectionAsync(async other => then(await ServiceManagementFacts.LoadAsync(other, query.Scope, query.Window, cancellationToken)));
        var suspecting = OnOwnConnectionAsync(other => DeliveryFacts.SuspectingAsync(other, snapshot, query.Scope, query.LoadFrom, query.LoadTo, options.Value.SuspectWindow, cancellationToken));
        var delivery = await DeliveryFacts.LoadAsync(db, suspecting, query.Scope, query.Environment, query.LoadFrom, query.LoadTo, options.Value.SuspectWindow, cancellationToken);
        return (delivery with { Changes = await changes }, await service);
    }

    private async Task<T> OnOwnConnectionAsync<T>(Func<GuardrailDb, Task<T>> load)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await Task.Run(() => load(scope.ServiceProvider.GetRequiredService<GuardrailDb>()));
    }

    /// <summary>
    /// The last <see cref="TrendPeriods"/> ISO weeks (or months) in the organisation's time zone, ending with the one the
    /// window ends in.
    /// </summary>
    public static IReadOnlyList<(DateOnly Start, MetricsWindow Window)> Periods(MetricsWindow window, TimeZoneInfo zone, TrendPeriod period)
    {
        var last = Buckets.Start(Buckets.Day(window.To.AddTicks(-1), zone), period);
        var periods = new List<(DateOnly, MetricsWindow)>();
        var start = last;
        for (var i = 0; i < TrendPeriods - 1; i++)
            start = period == TrendPeriod.Week ? start.AddDays(-7) : start.AddMonths(-1);
        for (var i = 0; i < TrendPeriods; i++, start = Buckets.Next(start, period))
            periods.Add((start, new MetricsWindow(Buckets.ToUtc(start, zone), Buckets.ToUtc(Buckets.Next(start, period), zone))));
        return periods;
    }
}
