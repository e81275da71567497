using System.Net;
using System.Net.Http.Json;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Api;

public sealed class ApiConventionsTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    private async Task<HttpClient> AdminAsync() => await app.ClientAsAsync(Role.Admin);

    private static async Task<string> CreateTeamAsync(HttpClient client)
    {
        var key = Json.Unique("team");
        var created = await client.PostJsonAsync("/api/v1/teams", new { key, name = "Team " + key });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return key;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.Equal((int)status, problem["status"]?.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["traceId"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Creates_reads_updates_and_deletes_a_service_with_links_by_key()
    {
        var client = await AdminAsync();
        var team = await CreateTeamAsync(client);
        var business = Json.Unique("biz");
        var technical = Json.Unique("tech");
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/v1/services",
            new { key = business, name = "Business", kind = "business", criticality = "tier1", ownerTeam = team })).StatusCode);
        var created = await client.PostJsonAsync("/api/v1/services",
            new { key = technical, name = "Technical", kind = "technical", criticality = "tier2", ownerTeam = team, businessService = business });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var service = await created.ReadJsonAsync();
        Assert.Equal($"/api/v1/services/{service["id"]}", created.Headers.Location?.OriginalString);
        Assert.Equal(team, service["ownerTeam"]!["key"]!.GetValue<string>());
        Assert.Equal(business, service["businessService"]!["key"]!.GetValue<string>());
        Assert.EndsWith("Z", service["createdAt"]!.GetValue<string>(), StringComparison.Ordinal);

        var byKey = await (await client.GetAsync($"/api/v1/services/{technical}")).ReadJsonAsync();
        Assert.Equal(service["id"]!.GetValue<long>(), byKey["id"]!.GetValue<long>());

        var updated = await client.PutAsJsonAsync($"/api/v1/services/{technical}",
            new { key = technical, name = "Renamed", kind = "technical", criticality = "tier3", ownerTeam = team, version = 1 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = await updated.ReadJsonAsync();
        Assert.Equal(2, after["version"]!.GetValue<long>());
        Assert.Equal("tier3", after["criticality"]!.GetValue<string>());
        Assert.Null(after["businessService"]);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/services/{technical}?version=2")).StatusCode);
        await AssertProblemAsync(await client.GetAsync($"/api/v1/services/{technical}"), HttpStatusCode.NotFound, "service.not_found");
    }

    [Fact]
    public async Task A_stale_version_is_a_409_and_changes_nothing()
    {
        var client = await AdminAsync();
        var team = await CreateTeamAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/teams/{team}", new { key = team, name = "First edit", version = 1 })).StatusCode);

        var stale = await client.PutAsJsonAsync($"/api/v1/teams/{team}", new { key = team, name = "Lost update", version = 1 });

        await AssertProblemAsync(stale, HttpStatusCode.Conflict, "concurrency.stale_version");
        var current = await (await client.GetAsync($"/api/v1/teams/{team}")).ReadJsonAsync();
        Assert.Equal("First edit", current["name"]!.GetValue<string>());
        Assert.Equal(2, current["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task Validation_errors_name_every_offending_field_and_write_nothing()
    {
        var client = await AdminAsync();
        var key = Json.Unique("svc");

        var response = await client.PostJsonAsync("/api/v1/services", new { key, name = "", kind = "platform", criticality = "tier9", ownerTeam = "no-such-team" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation.failed");
        var errors = (await response.ReadJsonAsync())["errors"]!.AsObject();
        Assert.Equal(["criticality", "kind", "name", "ownerTeam"], errors.Select(e => e.Key).Order());
        Assert.Contains("no-such-team", errors["ownerTeam"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/services/{key}")).StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_position()
    {
        var client = await AdminAsync();

        var response = await client.PostRawAsync("/api/v1/teams", "{\"key\": \"x\", \"name\": ");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "request.malformed_json");
        Assert.Contains("line 1", (await response.ReadJsonAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_type_names_the_field_and_the_expected_type()
    {
        var client = await AdminAsync();

        var response = await client.PostRawAsync("/api/v1/teams", "{\"key\": \"wrong-type\", \"name\": 42}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "request.malformed_json");
        var errors = (await response.ReadJsonAsync())["errors"]!;
        Assert.Equal("'name' must be a string.", errors["name"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_field_is_refused_rather_than_ignored()
    {
        var client = await AdminAsync();

        var response = await client.PostRawAsync("/api/v1/teams", "{\"key\": \"typo-team\", \"name\": \"T\", \"nmae\": \"x\"}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "request.malformed_json");
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["nmae"]);
    }

    [Fact]
    public async Task Unknown_routes_and_bad_parameters_are_problems_too()
    {
        var client = await AdminAsync();

        await AssertProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound, "route.not_found");
        await AssertProblemAsync(await client.GetAsync("/api/v1/services?limit=abc"), HttpStatusCode.BadRequest, "request.invalid_parameter");
        await AssertProblemAsync(await client.GetAsync("/api/v1/services?limit=100000"), HttpStatusCode.BadRequest, "validation.failed");
        await AssertProblemAsync(await client.GetAsync("/api/v1/services?cursor=not-a-cursor"), HttpStatusCode.BadRequest, "paging.invalid_cursor");
        await AssertProblemAsync(await client.GetAsync("/api/v1/services?kind=platform"), HttpStatusCode.BadRequest, "validation.failed");
        await AssertProblemAsync(await client.GetAsync("/api/v1/teams/999999999"), HttpStatusCode.NotFound, "team.not_found");
    }

    [Fact]
    public async Task Lists_page_with_a_cursor_and_filter()
    {
        var client = await AdminAsync();
        var team = await CreateTeamAsync(client);
        var keys = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var key = Json.Unique($"paged{i}");
            keys.Add(key);
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/v1/services",
                new { key, name = key, kind = "technical", criticality = i % 2 == 0 ? "tier2" : "tier4", ownerTeam = team })).StatusCode);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/services?team={team}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(item => item!["key"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);
        var tier4 = await (await client.GetAsync($"/api/v1/services?team={team}&criticality=tier4")).ReadJsonAsync();
        Assert.Equal([keys[1], keys[3]], tier4["items"]!.AsArray().Select(item => item!["key"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_team_that_owns_services_cannot_be_deleted()
    {
        var client = await AdminAsync();
        var team = await CreateTeamAsync(client);
        await client.PostJsonAsync("/api/v1/services", new { key = Json.Unique("owned"), name = "Owned", kind = "technical", criticality = "tier4", ownerTeam = team });

        await AssertProblemAsync(await client.DeleteAsync($"/api/v1/teams/{team}"), HttpStatusCode.Conflict, "team.in_use");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/teams/{team}")).StatusCode);
    }

    [Fact]
    public async Task Duplicate_keys_are_conflicts_on_the_key_field()
    {
        var client = await AdminAsync();
        var key = Json.Unique("env");
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/v1/environments", new { key, name = "E", tier = "staging" })).StatusCode);

        var again = await client.PostJsonAsync("/api/v1/environments", new { key, name = "E2", tier = "production" });

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "environment.key_taken");
        Assert.NotNull((await again.ReadJsonAsync())["errors"]!["key"]);
    }
}
