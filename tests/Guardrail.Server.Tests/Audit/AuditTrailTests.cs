using System.Net;
using System.Text.Json.Nodes;
using Guardrail.Core.Access;
using Guardrail.Core.Persistence;
using Guardrail.Server.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Audit;

public sealed class AuditTrailTests
{
    private static async Task<JsonNode> EntriesForAsync(HttpClient client, string recordType, long recordId) =>
        (await (await client.GetAsync($"/api/v1/audit?recordType={recordType}&recordId={recordId}")).ReadJsonAsync())["items"]!;

    [Fact]
    public async Task Every_write_is_recorded_with_actor_and_before_and_after()
    {
        using var app = new GuardrailApp();
        var admin = await app.ClientAsAsync(Role.Admin);
        var key = Json.Unique("audited");
        var team = await (await admin.PostJsonAsync("/api/v1/teams", new { key, name = "Before" })).ReadJsonAsync();
        var id = team["id"]!.GetValue<long>();
        await admin.PutAsync($"/api/v1/teams/{id}", System.Net.Http.Json.JsonContent.Create(new { key, name = "After", version = 1 }));
        await admin.DeleteAsync($"/api/v1/teams/{id}");

        var entries = (await EntriesForAsync(admin, "team", id)).AsArray();

        Assert.Equal(["team.created", "team.updated", "team.deleted"], entries.Select(e => e!["action"]!.GetValue<string>()));
        Assert.All(entries, e => Assert.StartsWith("token:test-admin-", e!["actor"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Null(entries[0]!["before"]);
        Assert.Equal("Before", JsonNode.Parse(entries[1]!["before"]!.GetValue<string>())!["name"]!.GetValue<string>());
        Assert.Equal("After", JsonNode.Parse(entries[1]!["after"]!.GetValue<string>())!["name"]!.GetValue<string>());
        Assert.Null(entries[2]!["after"]);
        Assert.Equal(entries[0]!["hash"]!.GetValue<string>(), entries[1]!["previousHash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Secrets_never_reach_the_audit_trail()
    {
        using var app = new GuardrailApp();
        var admin = await app.ClientAsAsync(Role.Admin);
        var created = await (await admin.PostJsonAsync("/api/v1/tokens", new { name = "audited-token", role = "reader" })).ReadJsonAsync();
        await admin.PostJsonAsync("/api/v1/users", new { userName = "audited-user", displayName = "A", role = "reader", password = "correct horse battery" });

        var trail = await (await admin.GetAsync("/api/v1/audit?limit=500")).Content.ReadAsStringAsync();

        Assert.DoesNotContain(created["token"]!.GetValue<string>(), trail, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiTokens.HashOf(created["token"]!.GetValue<string>()), trail, StringComparison.Ordinal);
        Assert.DoesNotContain("passwordHash", trail, StringComparison.Ordinal);
        Assert.Contains("audited-user", trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_names_the_entry_edited_behind_the_servers_back()
    {
        using var app = new GuardrailApp();
        var admin = await app.ClientAsAsync(Role.ChangeManager);
        var writer = await app.ClientAsAsync(Role.Admin);
        for (var i = 0; i < 3; i++)
            await writer.PostJsonAsync("/api/v1/teams", new { key = Json.Unique($"chain{i}"), name = $"Chain {i}" });
        var intact = await (await admin.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();
        Assert.True(intact["intact"]!.GetValue<bool>());
        var checkedBefore = intact["entriesChecked"]!.GetValue<long>();

        long tampered;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            var victim = await db.AuditEntries.Where(e => e.Action == "team.created").OrderBy(e => e.Id).Skip(1).FirstAsync();
            tampered = victim.Id;
            var forged = victim.After!.Replace("Chain 1", "Chain one", StringComparison.Ordinal);
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"After\" = {forged} WHERE \"Id\" = {tampered}"));
        }

        var broken = await (await admin.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();

        Assert.False(broken["intact"]!.GetValue<bool>());
        Assert.Equal(tampered, broken["firstBrokenEntryId"]!.GetValue<long>());
        Assert.True(broken["entriesChecked"]!.GetValue<long>() < checkedBefore);
        Assert.Contains("altered", broken["problem"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_notices_a_deleted_entry()
    {
        using var app = new GuardrailApp();
        var admin = await app.ClientAsAsync(Role.Admin);
        for (var i = 0; i < 3; i++)
            await admin.PostJsonAsync("/api/v1/environments", new { key = Json.Unique($"gone{i}"), name = "E", tier = "test" });
        long removed, next;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GuardrailDb>();
            var ids = await db.AuditEntries.Where(e => e.Action == "environment.created").OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
            (removed, next) = (ids[1], ids[2]);
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {removed}");
        }

        var broken = await (await admin.GetAsync("/api/v1/audit/verify")).ReadJsonAsync();

        Assert.False(broken["intact"]!.GetValue<bool>());
        Assert.Equal(next, broken["firstBrokenEntryId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Only_roles_with_audit_access_may_read_it()
    {
        using var app = new GuardrailApp();
        var responder = await app.ClientAsAsync(Role.Responder);

        Assert.Equal(HttpStatusCode.Forbidden, (await responder.GetAsync("/api/v1/audit")).StatusCode);
    }
}
