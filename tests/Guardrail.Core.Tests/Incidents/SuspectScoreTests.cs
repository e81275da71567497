using System.ComponentModel.DataAnnotations;
using Guardrail.Core.Cmdb;
using Guardrail.Core.Incidents.Suspects;

namespace Guardrail.Core.Tests.Incidents;

public sealed class SuspectScoreTests
{
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(0, 0, 100.0)]
    [InlineData(0, 60, 50.0)]
    [InlineData(1, 0, 50.0)]
    [InlineData(2, 14, 27.0)]
    [InlineData(0, 1800, 3.2)]
    [InlineData(3, -10, 25.0)]
    public void Points_are_closeness_times_recency(int hops, int minutesBeforeStart, double points) =>
        Assert.Equal(points, SuspectScore.Of(hops, TimeSpan.FromMinutes(minutesBeforeStart), s_hour, []).Points);

    [Fact]
    public void Signals_multiply_the_points_by_one_plus_their_boosts()
    {
        var signals = new[] { SuspectSignals.Raise(SuspectSignals.RolledBack, "r"), SuspectSignals.Raise(SuspectSignals.HighRisk, "h") };

        var score = SuspectScore.Of(1, s_hour, s_hour, signals);

        Assert.Equal((0.5, 0.5, 2.25, 56.3), (score.Closeness, score.Recency, score.Suspicion, score.Points));
    }

    [Theory]
    [InlineData(20, "less than a minute")]
    [InlineData(60, "1 minute")]
    [InlineData(14 * 60 + 59, "14 minutes")]
    [InlineData(3600, "1 hour")]
    [InlineData(2 * 3600 + 5 * 60, "2 hours 5 minutes")]
    [InlineData(30 * 3600, "1 day 6 hours")]
    [InlineData(-3 * 86400, "3 days")]
    public void Durations_read_as_words(int seconds, string words) =>
        Assert.Equal(words, SuspectWording.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(RelationshipType.DependsOn, CiClass.Database, "depends on")]
    [InlineData(RelationshipType.PartOf, CiClass.Namespace, "is part of")]
    [InlineData(RelationshipType.PartOf, CiClass.Workload, "includes")]
    [InlineData(RelationshipType.ProvidesApi, CiClass.Workload, "is provided by")]
    [InlineData(RelationshipType.RoutesTo, CiClass.Workload, "routes to")]
    public void Each_step_upstream_says_how_the_one_before_relies_on_it(RelationshipType via, CiClass reached, string relation) =>
        Assert.Equal(relation, SuspectWording.Relation(via, reached));

    [Fact]
    public void A_default_look_back_beyond_the_longest_allowed_is_refused()
    {
        var options = new WhatChangedOptions { LookBack = TimeSpan.FromDays(20), MaxLookBack = TimeSpan.FromDays(14) };
        var problems = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true));
        Assert.Equal([nameof(WhatChangedOptions.LookBack), nameof(WhatChangedOptions.MaxLookBack)], problems.Single().MemberNames);
        var defaults = new WhatChangedOptions();
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), [], validateAllProperties: true));
    }
}
