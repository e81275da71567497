using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

public sealed class CalendarTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    private static readonly DateTime Monday = new(2031, 3, 10, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Requests a change planned for the window and submits it for assessment; returns its number.</summary>
    internal static async Task<string> PlannedAsync(ChangeWorld world, Target target, DateTime start, DateTime end)
    {
        var created = await world.Admin.PostAsJsonAsync("/api/v1/changes",
            new ChangeRequest("Planned work on " + target.Service, target.Service, target.Environment, PlannedStart: start, PlannedEnd: end));
        var change = await created.ReadJsonAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, change.ToJsonString());
        var number = ChangeWorld.Text(change["change"]!["number"]);
        var submitted = await world.Admin.PostAsJsonAsync($"/api/v1/changes/{number}/transitions",
            new ChangeTransitionRequest("assessment", change["change"]!["version"]!.GetValue<long>()));
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, (await submitted.ReadJsonAsync()).ToJsonString());
        return number;
    }

    private static async Task<JsonArray> ConflictsAsync(ChangeWorld world, string environment)
    {
        var response = await world.Admin.GetAsync(
            $"/api/v1/change-calendar?from={Monday.AddDays(-1):yyyy-MM-ddTHH:mm:ssZ}&to={Monday.AddDays(2):yyyy-MM-ddTHH:mm:ssZ}&environment={environment}");
        var calendar = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, calendar.ToJsonString());
        return calendar["conflicts"]!.AsArray();
    }

    private static (string, string) Pair(JsonNode conflict) => (ChangeWorld.Text(conflict["change"]), ChangeWorld.Text(conflict["otherChange"]));

    [Fact]
    public async Task Overlapping_changes_of_one_service_conflict_and_the_change_lists_its_conflict()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var first = await PlannedAsync(world, target, Monday, Monday.AddHours(2));
        var second = await PlannedAsync(world, target, Monday.AddHours(1), Monday.AddHours(3));
        var later = await PlannedAsync(world, target, Monday.AddHours(4), Monday.AddHours(5));

        var conflict = Assert.Single(await ConflictsAsync(world, target.Environment))!;

        Assert.Equal((first, second), Pair(conflict));
        Assert.Equal($"Both change {target.Service}.", ChangeWorld.Text(conflict["reason"]));
        Assert.Equal((Monday.AddHours(1), Monday.AddHours(2)), (conflict["overlapStart"]!.GetValue<DateTime>(), conflict["overlapEnd"]!.GetValue<DateTime>()));
        var listed = Assert.Single((await world.ChangeAsync(second))["conflicts"]!.AsArray())!;
        Assert.Equal((second, first), Pair(listed));
        Assert.Empty((await world.ChangeAsync(later))["conflicts"]!.AsArray());
    }

    [Fact]
    public async Task Overlapping_changes_of_services_whose_cis_depend_on_each_other_conflict_and_unrelated_ones_do_not()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var checkout = await world.TargetAsync();
        var payments = await world.TargetAsync(environment: checkout.Environment);
        var unrelated = await world.TargetAsync(environment: checkout.Environment);
        await world.RelateAsync(await world.CiAsync(service: checkout.Service), "depends-on", await world.CiAsync(service: payments.Service));
        await world.CiAsync(service: unrelated.Service);

        var onCheckout = await PlannedAsync(world, checkout, Monday, Monday.AddHours(2));
        var onPayments = await PlannedAsync(world, payments, Monday.AddHours(1), Monday.AddHours(2));
        var onUnrelated = await PlannedAsync(world, unrelated, Monday, Monday.AddHours(2));

        var conflict = Assert.Single(await ConflictsAsync(world, checkout.Environment))!;
        Assert.Equal((onCheckout, onPayments), Pair(conflict));
        Assert.Equal($"{checkout.Service} and {payments.Service} depend on each other in the CMDB.", ChangeWorld.Text(conflict["reason"]));
        Assert.Empty((await world.ChangeAsync(onUnrelated))["conflicts"]!.AsArray());
    }
}

/// <summary>Windows live in the policy, which is global: each test has a server of its own.</summary>
public sealed class CalendarWindowTests
{
    [Fact]
    public async Task The_policys_windows_are_entries_at_their_utc_times_in_the_range()
    {
        using var app = new ChangeApp();
        var world = await ChangeWorld.CreateAsync(app);
        await world.ApplyPolicyAsync(await world.DefaultPolicyWithAsync(windows: """
                - name: summer-freeze
                  kind: freeze
                  timeZone: Europe/Berlin
                  start: 2030-07-01T00:00
                  end: 2030-07-02T00:00
                - name: saturday-maintenance
                  kind: maintenance
                  timeZone: America/New_York
                  schedule: "0 2 * * SAT"
                  duration: 4h
            """));

        var response = await world.Admin.GetAsync("/api/v1/change-calendar?from=2030-07-01T00:00:00Z&to=2030-07-08T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = (await response.ReadJsonAsync())["entries"]!.AsArray()
            .Where(e => ChangeWorld.Text(e!["kind"]) != "change")
            .Select(e => (ChangeWorld.Text(e!["kind"]), ChangeWorld.Text(e["title"]), e["start"]!.GetValue<DateTime>(), e["end"]!.GetValue<DateTime>()))
            .ToList();
        Assert.Equal(
        [
            ("freeze", "summer-freeze", new DateTime(2030, 6, 30, 22, 0, 0, DateTimeKind.Utc), new DateTime(2030, 7, 1, 22, 0, 0, DateTimeKind.Utc)),
            ("maintenance", "saturday-maintenance", new DateTime(2030, 7, 6, 6, 0, 0, DateTimeKind.Utc), new DateTime(2030, 7, 6, 10, 0, 0, DateTimeKind.Utc)),
        ], entries);
    }

    [Fact]
    public async Task A_freeze_rejects_a_normal_change_and_lets_a_justified_emergency_through()
    {
        using var app = new ChangeApp();
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        string Local(DateTime time) => time.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        await world.ApplyPolicyAsync(await world.DefaultPolicyWithAsync(windows: $"""
                - name: quarter-end
                  kind: freeze
                  start: {Local(now.AddDays(-1))}
                  end: {Local(now.AddDays(1))}
            """));
        var pipeline = await world.PipelineAsync();

        var normal = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var emergency = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, emergency: true, justification: "card payments fail"));
        var unjustified = await pipeline.PostAsJsonAsync("/api/v1/gate", ChangeWorld.Gate(target, evidence: ChangeWorld.Passed) with { Emergency = true });

        Assert.Equal("rejected", ChangeWorld.Text(normal["decision"]));
        Assert.Contains(normal["reasons"]!.AsArray().Select(ChangeWorld.Text),
            r => r.StartsWith("Normal changes are not allowed during freeze 'quarter-end'", StringComparison.Ordinal));
        Assert.Equal(("pending", "emergency"), (ChangeWorld.Text(emergency["decision"]), ChangeWorld.Text(emergency["type"])));
        Assert.Contains(emergency["reasons"]!.AsArray().Select(ChangeWorld.Text),
            r => r.StartsWith("Allowed during freeze 'quarter-end'", StringComparison.Ordinal));
        Assert.Equal("card payments fail", ChangeWorld.Text((await world.ChangeAsync(ChangeWorld.Text(emergency["change"])))["justification"]));
        Assert.Equal(HttpStatusCode.BadRequest, unjustified.StatusCode);
        Assert.NotNull((await unjustified.ReadJsonAsync())["errors"]!["justification"]);
    }
}
