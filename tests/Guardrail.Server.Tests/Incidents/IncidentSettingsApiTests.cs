using System.Net;
using System.Net.Http.Json;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using static Guardrail.Server.Tests.Incidents.IncidentCalls;

namespace Guardrail.Server.Tests.Incidents;

/// <summary>The settings record: the defaults until saved, versioned, validated as a whole, audited, and in force at once.</summary>
public sealed class IncidentSettingsApiTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task Settings_start_as_the_defaults_change_with_their_version_refuse_bad_parts_whole_and_decide_new_priorities()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var responder = await app.ClientAsAsync(Role.Responder);

        var defaults = await ExpectAsync(await admin.GetAsync("/api/v1/incident-settings"), HttpStatusCode.OK);
        Assert.Equal((0, 0.75, 60, "UTC"), (defaults["version"]!.GetValue<int>(), defaults["warningShare"]!.GetValue<double>(),
            defaults["reopenWindowMinutes"]!.GetValue<int>(), Text(defaults["businessHours"]!["timeZone"])));
        Assert.Equal(9, defaults["priorityMatrix"]!.AsArray().Count);
        Assert.Equal(("p1", 15, 240, "around-the-clock"), (Text(defaults["targets"]![0]!["priority"]), defaults["targets"]![0]!["responseMinutes"]!.GetValue<int>(),
            defaults["targets"]![0]!["resolutionMinutes"]!.GetValue<int>(), Text(defaults["targets"]![0]!["calendar"])));

        var matrix = defaults["priorityMatrix"]!.AsArray()
            .Select(c => new PriorityMatrixCell(Text(c!["impact"]), Text(c["urgency"]), Text(c["impact"]) == "medium" && Text(c["urgency"]) == "medium" ? "p1" : Text(c["priority"])))
            .ToList();
        var saved = await ExpectAsync(await admin.PutAsJsonAsync("/api/v1/incident-settings", new IncidentSettingsRequest(
            PriorityMatrix: matrix,
            BusinessHours: new BusinessHoursSetting("Europe/Berlin", ["monday", "tuesday", "wednesday", "thursday"], "08:00", "16:30"),
            Holidays: [new HolidaySetting(new DateOnly(2026, 12, 25), "Christmas Day")],
            ReopenWindowMinutes: 30,
            Version: 0)), HttpStatusCode.OK);
        await RefusedAsync(await admin.PutAsJsonAsync("/api/v1/incident-settings", new IncidentSettingsRequest(WarningShare: 0.5, Version: 0)),
            HttpStatusCode.Conflict, "concurrency.stale_version");
        var invalid = await RefusedAsync(await admin.PutAsJsonAsync("/api/v1/incident-settings", new IncidentSettingsRequest(
            PriorityMatrix: matrix.Skip(1).ToList(),
            Targets: [new SlaTargetSetting("p1", 300, 60, "around-the-clock")],
            BusinessHours: new BusinessHoursSetting("Mars/Olympus_Mons", ["someday"], "17:00", "09:00"),
            WarningShare: 1.5,
            Version: 1)), HttpStatusCode.BadRequest, "validation.failed");
        var stored = await ExpectAsync(await admin.GetAsync("/api/v1/incident-settings"), HttpStatusCode.OK);
        var incident = await CreateAsync(responder, new IncidentRequest("Reports are stale", "medium", "medium"));
        var audit = await ExpectAsync(await admin.GetAsync("/api/v1/audit?recordType=incident-settings&limit=10"), HttpStatusCode.OK);

        Assert.Equal((1, "Europe/Berlin", "16:30", 30), (saved["version"]!.GetValue<int>(), Text(saved["businessHours"]!["timeZone"]),
            Text(saved["businessHours"]!["end"]), saved["reopenWindowMinutes"]!.GetValue<int>()));
        Assert.Equal(["monday", "tuesday", "wednesday", "thursday"], saved["businessHours"]!["workingDays"]!.AsArray().Select(Text));
        Assert.Equal("Christmas Day", Text(saved["holidays"]![0]!["name"]));
        foreach (var field in new[] { "priorityMatrix", "targets", "businessHours.timeZone", "businessHours.workingDays", "businessHours.end", "warningShare" })
            Assert.True(invalid["errors"]![field] is not null, $"No error for {field}: {invalid.ToJsonString()}");
        Assert.Equal(saved.ToJsonString(), stored.ToJsonString());
        Assert.Equal("p1", Text(incident["incident"]!["priority"]));
        Assert.Equal("incident-settings.created", Text(Assert.Single(audit["items"]!.AsArray())!["action"]));
    }
}
