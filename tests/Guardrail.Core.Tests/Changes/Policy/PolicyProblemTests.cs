using Guardrail.Core.Changes.Policy;

namespace Guardrail.Core.Tests.Changes.Policy;

/// <summary>Lines and columns are 1-based; a spec body starts on line 6 (see <see cref="PolicyDocuments.Header"/>).</summary>
public class PolicyProblemTests
{
    private static PolicyProblem Single(string yaml)
    {
        var result = ChangePolicyDocument.Parse(yaml);
        Assert.False(result.IsValid);
        Assert.Null(result.Policy);
        return Assert.Single(result.Problems);
    }

    private static void AssertAt(PolicyProblem problem, int line, int column, string path)
    {
        Assert.Equal(line, problem.Line);
        Assert.Equal(column, problem.Column);
        Assert.Equal(path, problem.Path);
    }

    [Fact]
    public void Yaml_syntax_errors_carry_the_parser_position()
    {
        var problem = Single("""
            apiVersion: guardrail/v1
            kind: ChangePolicy
            metadata:
              name: "unterminated
            spec: {}
            """);

        Assert.Equal(4, problem.Line);
        Assert.StartsWith("The YAML is malformed: ", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    public void An_empty_document_says_what_a_policy_needs(string yaml)
    {
        var problem = Single(yaml);

        AssertAt(problem, 1, 1, "");
        Assert.Contains("empty", problem.Message, StringComparison.Ordinal);
        Assert.Contains("apiVersion: guardrail/v1", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_documents_are_refused_at_the_second()
    {
        var problem = Single(PolicyDocuments.WithSpec("  {}") + "---\nkind: ChangePolicy\n");

        AssertAt(problem, 8, 1, "");
        Assert.Contains("2 YAML documents", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_api_version_and_kind_say_what_is_expected_and_both_are_reported()
    {
        var result = ChangePolicyDocument.Parse("apiVersion: guardrail/v2\nkind: Policy\nmetadata: { name: x }\nspec: {}\n");

        Assert.Equal(2, result.Problems.Count);
        AssertAt(result.Problems[0], 1, 13, "apiVersion");
        Assert.Equal("'apiVersion' must be 'guardrail/v1', not 'guardrail/v2'.", result.Problems[0].Message);
        AssertAt(result.Problems[1], 2, 7, "kind");
        Assert.Equal("line 2, column 7: 'kind' must be 'ChangePolicy', not 'Policy'.", result.Problems[1].ToString());
    }

    [Fact]
    public void Missing_name_and_spec_are_reported()
    {
        var result = ChangePolicyDocument.Parse("apiVersion: guardrail/v1\nkind: ChangePolicy\nmetadata:\n  description: x\n");

        Assert.Equal(["'spec' is missing.", "'name' is missing in 'metadata'."], result.Problems.Select(p => p.Message));
        AssertAt(result.Problems[0], 1, 1, "spec");
        AssertAt(result.Problems[1], 4, 3, "metadata.name");
    }

    [Fact]
    public void An_unknown_key_suggests_the_closest_known_key()
    {
        var problem = Single(PolicyDocuments.WithSpec("""
              risk:
                factors:
                  blastRadius: { wieght: 15 }
            """));

        AssertAt(problem, 8, 22, "spec.risk.factors.blastRadius.wieght");
        Assert.Equal("Unknown key 'wieght' in 'spec.risk.factors.blastRadius'; did you mean 'weight'?", problem.Message);
    }

    [Fact]
    public void An_unknown_key_far_from_any_lists_the_known_keys()
    {
        var problem = Single(PolicyDocuments.WithSpec("  colour: blue"));

        AssertAt(problem, 6, 3, "spec.colour");
        Assert.Equal("Unknown key 'colour' in 'spec'; the known keys are standardModels, risk, approval, windows, promotion.", problem.Message);
    }

    [Fact]
    public void A_wrong_type_names_the_key_the_expectation_and_the_value()
    {
        var problem = Single(PolicyDocuments.WithSpec("""
              risk:
                factors:
                  blastRadius:
                    weight: heavy
            """));

        AssertAt(problem, 9, 17, "spec.risk.factors.blastRadius.weight");
        Assert.Equal("'weight' must be a number from 0 to 100, not 'heavy'.", problem.Message);
    }

    [Fact]
    public void Every_problem_is_collected_not_just_the_first()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              risk:
                factors:
                  environmentTier: { weight: 150, values: { prod: 1, staging: 2 } }
              promotion: { successes: 0 }
            """));

        Assert.Equal(
        [
            "line 8, column 34: 'weight' must be a number from 0 to 100, not '150'.",
            "line 8, column 49: 'prod' is not a known environment tier; use one of production, staging, test, development.",
            "line 8, column 67: 'staging' must be a number from 0 to 1, not '2'.",
            "line 9, column 27: 'successes' must be a whole number of at least 1, not '0'.",
        ], result.Problems.Select(p => p.ToString()));
        Assert.Equal("spec.risk.factors.environmentTier.values.prod", result.Problems[1].Path);
    }

    [Fact]
    public void Unknown_criticality_and_evidence_values_list_the_allowed_ones()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              standardModels:
                - name: m
                  match: { evidence: { tests: green } }
              risk: { factors: { serviceCriticality: { values: { tier5: 1 } } } }
            """));

        Assert.Equal(
        [
            "line 8, column 35: 'green' is not a known evidence value; use one of passed, failed, skipped.",
            "line 9, column 54: 'tier5' is not a known criticality; use one of tier1, tier2, tier3, tier4.",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Windows_report_unknown_kind_time_zone_cron_and_duration()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              windows:
                - name: w
                  kind: lockdown
                  timeZone: Europe/Londn
                  schedule: "0 2 * * FUNDAY"
                  duration: 4 hours
            """));

        Assert.Equal(4, result.Problems.Count);
        AssertAt(result.Problems[0], 8, 13, "spec.windows[0].kind");
        Assert.Equal("'lockdown' is not a known window kind; use one of freeze, blackout, maintenance.", result.Problems[0].Message);
        AssertAt(result.Problems[1], 9, 17, "spec.windows[0].timeZone");
        Assert.StartsWith("Unknown time zone 'Europe/Londn'", result.Problems[1].Message, StringComparison.Ordinal);
        AssertAt(result.Problems[2], 10, 17, "spec.windows[0].schedule");
        Assert.StartsWith("'schedule' must be a 5-field cron expression", result.Problems[2].Message, StringComparison.Ordinal);
        AssertAt(result.Problems[3], 11, 17, "spec.windows[0].duration");
        Assert.Equal("'duration' must be a duration such as 30s, 15m, 72h, 2d or 1h30m, not '4 hours'.", result.Problems[3].Message);
    }

    [Fact]
    public void A_window_starting_after_it_ends_is_refused()
    {
        var problem = Single(PolicyDocuments.WithSpec("""
              windows:
                - name: w
                  kind: freeze
                  start: 2027-01-04T00:00
                  end: 2026-12-21T00:00
            """));

        AssertAt(problem, 9, 14, "spec.windows[0].start");
        Assert.Equal("'start' 2027-01-04T00:00 must be before 'end' 2026-12-21T00:00.", problem.Message);
    }

    [Fact]
    public void A_window_needs_exactly_one_of_start_and_end_or_schedule_and_a_schedule_needs_a_duration()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              windows:
                - name: both
                  kind: freeze
                  start: 2026-12-21T00:00
                  end: 2027-01-04T00:00
                  schedule: "0 2 * * SAT"
                  duration: 4h
                - name: neither
                  kind: freeze
                - name: no-duration
                  kind: maintenance
                  schedule: "0 2 * * SAT"
            """));

        Assert.Equal(
        [
            "line 11, column 17: Window 'both' has both start/end and a schedule: give a one-off 'start' and 'end', or a recurring 'schedule' with a 'duration'.",
            "line 13, column 7: Window 'neither' has no time: give a one-off 'start' and 'end', or a recurring 'schedule' with a 'duration'.",
            "line 17, column 17: Window 'no-duration' has a schedule but no 'duration': say how long each occurrence lasts, e.g. 4h.",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Routes_must_ascend_end_without_a_max_score_and_have_quorums()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              approval:
                routes:
                  - { route: automatic, maxScore: 50 }
                  - { route: service-owner, maxScore: 40 }
                  - { route: cab, quorum: 2, maxScore: 90 }
                emergency: { route: council }
            """));

        Assert.Equal(
        [
            "line 9, column 9: A service-owner route needs a 'quorum' of at least 1: how many approvals it takes.",
            "line 9, column 43: 'maxScore' 40 must be above the previous route's 50: routes are ordered by ascending maxScore.",
            "line 10, column 44: The last route must not have a 'maxScore': it takes every score above the routes before it.",
            "line 11, column 25: 'council' is not a known approval route; use one of automatic, service-owner, cab.",
        ], result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void A_route_before_the_last_needs_a_max_score()
    {
        var problem = Single(PolicyDocuments.WithSpec("""
              approval:
                routes:
                  - { route: service-owner, quorum: 1 }
                  - { route: cab, quorum: 2 }
            """));

        AssertAt(problem, 8, 9, "spec.approval.routes[0]");
        Assert.Contains("needs a 'maxScore'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_point_at_the_first_use()
    {
        var result = ChangePolicyDocument.Parse(PolicyDocuments.WithSpec("""
              standardModels:
                - name: docs
                - name: Docs
              windows:
                - { name: freeze, kind: freeze, start: 2026-12-21T00:00, end: 2027-01-04T00:00 }
                - { name: freeze, kind: blackout, start: 2026-12-21T00:00, end: 2027-01-04T00:00 }
            """));

        Assert.Equal(
        [
            "line 8, column 13: The standard model name 'Docs' is already used at line 7; names must be unique.",
            "line 11, column 15: The window name 'freeze' is already used at line 10; names must be unique.",
        ], result.Problems.Select(p => p.ToString()));
    }
}
