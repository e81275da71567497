namespace Guardrail.Core.Measurement;

/// <summary>
/// The five DORA metrics of METRICS.md §2–§7 over a window, pooled over the records in <see cref="DeliveryFacts"/>, each with
/// its band and its trend per period. Pure: the same facts always give the same figures.
/// </summary>
public sealed class DeliveryMetrics(DeliveryFacts facts, MetricsWindow window, IReadOnlyList<(DateOnly Start, MetricsWindow Window)> periods, TimeZoneInfo zone, BandSet bands)
{
    private const double SecondsPerHour = 3600;

    /// <summary>The failed deployments, of the period and from before it: a trend asks for their recoveries twelve times.</summary>
    private readonly IReadOnlyList<DeploymentFact> _failures = [.. facts.Deployments.Where(d => d.Failed), .. facts.EarlierFailures];

    public IReadOnlyList<MetricFigure> Figures() => [.. Computations.Select(figure => figure())];

    /// <summary>The same figures computed side by side: for one large scope each takes tens of milliseconds, and they only read the facts.</summary>
    public IReadOnlyList<MetricFigure> FiguresInParallel() => [.. Computations.AsParallel().AsOrdered().Select(figure => figure())];

    private Func<MetricFigure>[] Computations => [Frequency, LeadTime, ChangeFailRate, RecoveryTime, ReworkRate];

    public IEnumerable<DeploymentFact> DeploymentsIn(MetricsWindow period) => InTimeOrder(facts.Deployments, d => d.DeployedAt, period);

    public IEnumerable<ChangeLead> ChangesIn(MetricsWindow period) => InTimeOrder(facts.Changes, c => c.DeployedAt, period);

    /// <summary>
    /// The records of a list in time order that fall in the period, found by bisection (a trend asks for twelve periods) and
    /// returned as a view of the list: over the lists the engine reads (<see cref="FactList{T}"/>) and arrays, LINQ skips to
    /// the first and counts by index.
    /// </summary>
    private static IEnumerable<T> InTimeOrder<T>(IReadOnlyList<T> ordered, Func<T, DateTime> at, MetricsWindow period)
    {
        var first = FirstAtOrAfter(ordered, at, period.From);
        return ordered.Skip(first).Take(FirstAtOrAfter(ordered, at, period.To) - first);
    }

    private static int FirstAtOrAfter<T>(IReadOnlyList<T> ordered, Func<T, DateTime> at, DateTime moment)
    {
        int low = 0, high = ordered.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (at(ordered[middle]) < moment)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    /// <summary>Failed deployments whose recovery ended in the period, and, for the whole window, those not recovered.</summary>
    public IEnumerable<DeploymentFact> RecoveriesIn(MetricsWindow period) => _failures.Where(d => d.RecoveredAt is { } at && period.Contains(at));

    public IEnumerable<DeploymentFact> Unrecovered() => _failures.Where(d => window.Contains(d.DeployedAt) && d.RecoveredAt is null);

    public MetricFigure Frequency()
    {
        var deployments = DeploymentsIn(window);
        var count = deployments.Count();
        var cadence = Cadence(deployments, window);
        return new MetricFigure(Metrics.DeploymentFrequency, "Deployment frequency", MetricUnit.PerDay, cadence.PerDay, null,
            bands.Frequency?.Of(cadence),
            new Dictionary<string, long> { ["deployments"] = count, ["deployment-days"] = deployments.Select(d => Buckets.Day(d.DeployedAt, zone)).Distinct().Count() },
            [
                new("per-week", cadence.PerDay * 7, null, count),
                new("median-deployment-days-per-week", cadence.MedianDaysPerWeek, null, count),
                new("median-deployment-days-per-month", cadence.MedianDaysPerMonth, null, count),
            ],
            Trend(period =>
            {
                var inPeriod = DeploymentsIn(period).Count();
                return (inPeriod / period.Days, inPeriod);
            }));
    }

    public MetricFigure LeadTime()
    {
        var changes = ChangesIn(window);
        var lead = Hours(changes.Select(c => c.Lead));
        var excluded = changes.Count() - lead.Count;
        return new MetricFigure(Metrics.LeadTime, "Change lead time", MetricUnit.Hours, lead.Median, lead.P90,
            lead.Median is { } median ? bands.LeadTime?.Of(TimeSpan.FromHours(median)) : null,
            new Dictionary<string, long>
            {
                ["changes"] = lead.Count,
                ["excluded"] = excluded,
                ["deployments-with-unknown-shipped-set"] = DeploymentsIn(window).Count(d => d.Basis == Deployments.ShippedSetBasis.Unknown),
            },
            [Part("coding", changes.Select(c => c.Coding)), Part("review", changes.Select(c => c.Review)), Part("deploy", changes.Select(c => c.Deploy))],
            Trend(period =>
            {
                var inPeriod = Hours(ChangesIn(period).Select(c => c.Lead));
                return (inPeriod.Median, inPeriod.Count);
            }));
    }

    public MetricFigure ChangeFailRate()
    {
        var deployments = DeploymentsIn(window);
        var count = deployments.Count();
        var failed = deployments.Count(d => d.Failed);
        var suspected = deployments.Count(d => d.SuspectedOrFailed);
        double? rate = count == 0 ? null : (double)failed / count;
        return new MetricFigure(Metrics.ChangeFailRate, "Change fail rate", MetricUnit.Ratio, rate, null,
            rate is { } value ? bands.ChangeFailRate?.Of(value) : null,
            new Dictionary<string, long>
            {
                ["deployments"] = count,
                ["failed"] = failed,
                ["caused-incidents"] = deployments.Count(d => d.CausedIncidents.Count > 0),
                ["rolled-back"] = deployments.Count(d => d.RolledBackBy is not null),
                ["remediated"] = deployments.Count(d => d.RemediatedBy is not null),
                ["suspected"] = suspected - failed,
            },
            [new("including-suspected", count == 0 ? null : (double)suspected / count, null, suspected)],
            Trend(period =>
            {
                var inPeriod = DeploymentsIn(period);
                var inPeriodCount = inPeriod.Count();
                return (inPeriodCount == 0 ? null : (double)inPeriod.Count(d => d.Failed) / inPeriodCount, inPeriodCount);
            }));
    }

    public MetricFigure RecoveryTime()
    {
        var recovered = Hours(RecoveriesIn(window).Select(d => (long?)(d.RecoveredAt!.Value - d.DeployedAt).TotalSeconds));
        return new MetricFigure(Metrics.RecoveryTime, "Failed deployment recovery time", MetricUnit.Hours, recovered.Median, recovered.P90,
            recovered.Median is { } median ? bands.Recovery?.Of(TimeSpan.FromHours(median)) : null,
            new Dictionary<string, long> { ["recovered"] = recovered.Count, ["unrecovered"] = Unrecovered().Count() },
            [],
            Trend(period =>
            {
                var inPeriod = Hours(RecoveriesIn(period).Select(d => (long?)(d.RecoveredAt!.Value - d.DeployedAt).TotalSeconds));
                return (inPeriod.Median, inPeriod.Count);
            }));
    }

    public MetricFigure ReworkRate()
    {
        var deployments = DeploymentsIn(window);
        var count = deployments.Count();
        var rework = deployments.Count(d => d.Rework is not null);
        return new MetricFigure(Metrics.ReworkRate, "Deployment rework rate", MetricUnit.Ratio,
            count == 0 ? null : (double)rework / count, null, null,
            new Dictionary<string, long>
            {
                ["deployments"] = count,
                ["rework"] = rework,
                ["rollbacks"] = deployments.Count(d => d.Rework == ReworkReason.Rollback),
                ["remediations"] = deployments.Count(d => d.Rework == ReworkReason.Remediation),
                ["emergency"] = deployments.Count(d => d.Rework == ReworkReason.Emergency),
                ["problem-fixes"] = deployments.Count(d => d.Rework == ReworkReason.ProblemFix),
            },
            [],
            Trend(period =>
            {
                var inPeriod = DeploymentsIn(period);
                var inPeriodCount = inPeriod.Count();
                return (inPeriodCount == 0 ? null : (double)inPeriod.Count(d => d.Rework is not null) / inPeriodCount, inPeriodCount);
            }));
    }

    /// <summary>
    /// Deployments per day, and the median over the ISO weeks and the months of the window of the days (in the
    /// organisation's time zone) with at least one deployment; a week or month the window cuts counts its days inside.
    /// </summary>
    public DeploymentCadence Cadence(IEnumerable<DeploymentFact> deployments, MetricsWindow period)
    {
        var days = deployments.Select(d => Buckets.Day(d.DeployedAt, zone)).ToHashSet();
        return new DeploymentCadence(period.Days <= 0 ? 0 : deployments.Count() / period.Days, MedianDays(days, period, TrendPeriod.Week), MedianDays(days, period, TrendPeriod.Month));
    }

    private double MedianDays(HashSet<DateOnly> days, MetricsWindow period, TrendPeriod bucket)
    {
        var first = Buckets.Day(period.From, zone);
        var last = Buckets.Day(period.To.AddTicks(-1), zone);
        var counts = new List<double>();
        for (var start = Buckets.Start(first, bucket); start <= last; start = Buckets.Next(start, bucket))
        {
            var end = Buckets.Next(start, bucket);
            counts.Add(days.Count(d => d >= start && d < end));
        }
        return counts.Count == 0 ? 0 : Distribution.Of(counts).Median ?? 0;
    }

    private IReadOnlyList<MetricPoint> Trend(Func<MetricsWindow, (double? Value, long Count)> figure) =>
        [.. periods.Select(p => figure(p.Window) is var (value, count) ? new MetricPoint(p.Start, value, count) : null!)];

    private static Distribution Hours(IEnumerable<long?> seconds) =>
        Distribution.Of(seconds.Where(s => s > 0).Select(s => s!.Value / SecondsPerHour));

    private static MetricPart Part(string name, IEnumerable<long?> seconds)
    {
        var hours = Distribution.Of(seconds.Where(s => s >= 0).Select(s => s!.Value / SecondsPerHour));
        return new MetricPart(name, hours.Median, hours.P90, hours.Count);
    }
}
