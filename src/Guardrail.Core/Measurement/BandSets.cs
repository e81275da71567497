namespace Guardrail.Core.Measurement;

public enum Band
{
    Elite,
    High,
    Medium,
    Low,
}

/// <summary>Upper bounds, exclusive, of elite, high and medium; anything at or above the last is low.</summary>
public sealed record DurationBands(TimeSpan Elite, TimeSpan High, TimeSpan Medium)
{
    public Band Of(TimeSpan value) => value < Elite ? Band.Elite : value < High ? Band.High : value < Medium ? Band.Medium : Band.Low;
}

/// <summary>Upper bounds, inclusive, of the change fail rate of elite, high and medium.</summary>
public sealed record RateBands(double Elite, double High, double Medium)
{
    public Band Of(double rate) => rate <= Elite ? Band.Elite : rate <= High ? Band.High : rate <= Medium ? Band.Medium : Band.Low;
}

/// <summary>What deployment frequency is banded on.</summary>
public abstract record FrequencyBands
{
    public abstract Band Of(DeploymentCadence cadence);
}

/// <summary>DORA 2023: elite when the median week has at least 5 deployment days, high at 1, medium when the median month has 1.</summary>
public sealed record DeploymentDayBands(double EliteDaysPerWeek, double HighDaysPerWeek, double MediumDaysPerMonth) : FrequencyBands
{
    public override Band Of(DeploymentCadence cadence) =>
        cadence.MedianDaysPerWeek >= EliteDaysPerWeek ? Band.Elite
        : cadence.MedianDaysPerWeek >= HighDaysPerWeek ? Band.High
        : cadence.MedianDaysPerMonth >= MediumDaysPerMonth ? Band.Medium
        : Band.Low;
}

/// <summary>DORA 2021: by how often a deployment happens on average (on demand, weekly to monthly, monthly to half-yearly).</summary>
public sealed record DeploymentRateBands(double ElitePerDay, double HighPerDay, double MediumPerDay) : FrequencyBands
{
    public override Band Of(DeploymentCadence cadence) =>
        cadence.PerDay >= ElitePerDay ? Band.Elite : cadence.PerDay >= HighPerDay ? Band.High : cadence.PerDay >= MediumPerDay ? Band.Medium : Band.Low;
}

/// <param name="PerDay">Deployments per day in the window.</param>
/// <param name="MedianDaysPerWeek">The median, over the ISO weeks of the window, of the days with at least one deployment.</param>
/// <param name="MedianDaysPerMonth">The same over the months of the window.</param>
public sealed record DeploymentCadence(double PerDay, double MedianDaysPerWeek, double MedianDaysPerMonth);

/// <summary>
/// A published set of performance bands. A display-only set (the 2024 clusters describe groups of teams, not thresholds
/// on one metric) bands nothing; the dashboards show its profiles for reference.
/// </summary>
public sealed record BandSet(
    string Id,
    string Title,
    bool DisplayOnly,
    FrequencyBands? Frequency,
    DurationBands? LeadTime,
    RateBands? ChangeFailRate,
    DurationBands? Recovery,
    IReadOnlyList<BandProfile> Profiles);

/// <summary>One published cluster of a display-only set, as the report describes it.</summary>
public sealed record BandProfile(string Name, string Frequency, string LeadTime, string ChangeFailRate, string Recovery);

/// <summary>The band sets of METRICS.md §8, versioned by the report they come from.</summary>
public static class BandSets
{
    public const string Default = "dora-2023";

    private static readonly TimeSpan s_week = TimeSpan.FromDays(7);
    private static readonly TimeSpan s_month = TimeSpan.FromDays(30);

    public static readonly IReadOnlyList<BandSet> All =
    [
        new("dora-2021", "DORA State of DevOps 2021", DisplayOnly: false,
            new DeploymentRateBands(ElitePerDay: 1, HighPerDay: 1.0 / 30, MediumPerDay: 1.0 / 182),
            new DurationBands(TimeSpan.FromHours(1), s_week, TimeSpan.FromDays(182)),
            new RateBands(0.15, 0.30, 0.30),
            new DurationBands(TimeSpan.FromHours(1), TimeSpan.FromDays(1), s_week),
            []),
        new(Default, "DORA Accelerate State of DevOps 2023", DisplayOnly: false,
            new DeploymentDayBands(EliteDaysPerWeek: 5, HighDaysPerWeek: 1, MediumDaysPerMonth: 1),
            new DurationBands(TimeSpan.FromDays(1), s_week, s_month),
            new RateBands(0.05, 0.10, 0.15),
            new DurationBands(TimeSpan.FromHours(1), TimeSpan.FromDays(1), s_week),
            []),
        new("dora-2024-clusters", "DORA Accelerate State of DevOps 2024 performance clusters", DisplayOnly: true,
            null, null, null, null,
            [
                new("Elite", "On demand (several a day)", "Less than a day", "5%", "Less than an hour"),
                new("High", "Between once a day and once a week", "Between a day and a week", "20%", "Less than a day"),
                new("Medium", "Between once a week and once a month", "Between a week and a month", "10%", "Less than a day"),
                new("Low", "Between once a month and once every six months", "Between a month and six months", "40%", "Between a week and a month"),
            ]),
    ];

    public static BandSet? Find(string id) => All.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));
}
