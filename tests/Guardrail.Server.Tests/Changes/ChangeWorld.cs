using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>A person with a user account and an API token of their own.</summary>
public sealed record Person(string UserName, HttpClient Client);

/// <summary>A service with its owning team and an environment to deploy it to.</summary>
public sealed record Target(string Team, string Service, string Environment);

/// <summary>Makes a test's own teams, services, environments, people and gate calls through the API.</summary>
public sealed class ChangeWorld(GuardrailApp app, HttpClient admin)
{
    public static async Task<ChangeWorld> CreateAsync(GuardrailApp app) => new(app, await app.ClientAsAsync(Role.Admin));

    public GuardrailApp App => app;

    public HttpClient Admin => admin;

    /// <summary>A new service of a new (or the given) team, deployed to a new environment of the tier or to <paramref name="environment"/>.</summary>
    public async Task<Target> TargetAsync(string tier = "production", string criticality = "tier2", string? team = null, string? environment = null)
    {
        if (team is null)
        {
            team = Json.Unique("team");
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/teams", new TeamRequest(team, "Team " + team))).StatusCode);
        }
        var service = Json.Unique("svc");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/services",
            new ServiceRequest(service, "Service " + service, "technical", criticality, team))).StatusCode);
        if (environment is null)
        {
            environment = Json.Unique(tier[..4]);
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/environments",
                new EnvironmentRequest(environment, "Environment " + environment, tier))).StatusCode);
        }
        return new Target(team, service, environment);
    }

    public async Task<Person> PersonAsync(string role = "approver", string? team = null, string? email = null, string? scmLogin = null, string? slackUserId = null)
    {
        var userName = Json.Unique("user");
        var created = await admin.PostAsJsonAsync("/api/v1/users",
            new CreateUserRequest(userName, "Person " + userName, role, $"pw-{Guid.NewGuid():N}", team, email, scmLogin, slackUserId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await admin.PostAsJsonAsync("/api/v1/tokens", new CreateTokenRequest(Json.Unique("token"), role, User: userName));
        Assert.Equal(HttpStatusCode.Created, token.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.ReadJsonAsync())["token"]!.GetValue<string>());
        return new Person(userName, client);
    }

    public async Task<HttpClient> PipelineAsync() => await app.ClientAsAsync(Role.Pipeline);

    /// <summary>A gate request for the target; the rest as given.</summary>
    public static GateRequest Gate(Target target, string? requester = null, IReadOnlyDictionary<string, string>? evidence = null, string? runId = null,
        bool emergency = false, string? justification = null, string? callbackUrl = null, IReadOnlyList<string>? commits = null, int? files = null, int? lines = null,
        string? commit = null) =>
        new(target.Service, target.Environment, Commit: commit ?? Sha(), PipelineRunId: runId, Evidence: evidence, Commits: commits, Files: files, Lines: lines,
            Requester: requester, Emergency: emergency, Justification: justification, CallbackUrl: callbackUrl);

    public static readonly IReadOnlyDictionary<string, string> Passed = new Dictionary<string, string> { ["tests"] = "passed", ["scan"] = "passed" };

    public static string Sha() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "00000000";

    public async Task<JsonNode> GateAsync(GateRequest request)
    {
        var response = await (await PipelineAsync()).PostAsJsonAsync("/api/v1/gate", request);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The gate answered {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    public async Task<JsonNode> ChangeAsync(string number) =>
        await (await admin.GetAsync($"/api/v1/changes/{number}")).ReadJsonAsync();

    public async Task<JsonArray> AuditAsync(long changeId) =>
        (await (await admin.GetAsync($"/api/v1/audit?recordType=change&recordId={changeId}&limit=500")).ReadJsonAsync())["items"]!.AsArray();

    public async Task<JsonArray> ApprovalAuditAsync() =>
        (await (await admin.GetAsync("/api/v1/audit?recordType=change-approval&limit=500")).ReadJsonAsync())["items"]!.AsArray();

    /// <summary>Applies a policy document; 201 for a new version, 200 when it is the version in force.</summary>
    public async Task<JsonNode> ApplyPolicyAsync(string document)
    {
        var applied = await admin.PostAsJsonAsync("/api/v1/change-policy", new PolicyDocumentRequest(document));
        var body = await applied.ReadJsonAsync();
        Assert.True(applied.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    /// <summary>Creates a CI through the CMDB API, of the catalogue service when one is given; returns its key.</summary>
    public async Task<string> CiAsync(string ciClass = "workload", string? service = null)
    {
        var key = Json.Unique("ci");
        var created = await admin.PostAsJsonAsync("/api/v1/cmdb/cis", new CiRequest(key, ciClass, "CI " + key, Service: service));
        Assert.True(created.StatusCode == HttpStatusCode.Created, (await created.ReadJsonAsync()).ToJsonString());
        return key;
    }

    /// <summary>Relates two CIs through the CMDB API: "<paramref name="from"/> <paramref name="type"/> <paramref name="to"/>".</summary>
    public async Task RelateAsync(string from, string type, string to)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/cmdb/relationships", new RelationshipRequest(from, type, to));
        Assert.True(created.StatusCode == HttpStatusCode.Created, (await created.ReadJsonAsync()).ToJsonString());
    }

    /// <summary>Reports a change's outcome and returns the change's detail.</summary>
    public async Task<JsonNode> OutcomeAsync(string number, string outcome)
    {
        var reported = await admin.PostAsJsonAsync($"/api/v1/changes/{number}/outcome", new ChangeOutcomeRequest(outcome));
        var body = await reported.ReadJsonAsync();
        Assert.True(reported.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    /// <summary>The factor of that name in a gate decision's <c>factors</c>.</summary>
    public static JsonNode Factor(JsonNode decision, string name) =>
        decision["factors"]!.AsArray().Single(f => Text(f!["name"]) == name)!;

    /// <summary>The default policy document with its <c>spec</c> sections replaced as given (YAML indented by four spaces).</summary>
    public async Task<string> DefaultPolicyWithAsync(string? windows = null, string? standardModels = null, string? promotion = null)
    {
        var document = Text((await (await admin.GetAsync("/api/v1/change-policy/versions/1")).ReadJsonAsync())["document"]);
        if (windows is not null)
            document = Replace(document, "  windows: []", "  windows:\n" + windows);
        if (standardModels is not null)
            document = Replace(document, """
                  standardModels:
                    - name: non-production-deployment
                      description: Deployments to test and development environments.
                      match:
                        environmentTiers: [test, development]
                        models: [deployment]
                """.ReplaceLineEndings("\n"), "  standardModels: " + standardModels);
        if (promotion is not null)
            document = Replace(document, "  promotion:\n    successes: 10\n    withinDays: 90", "  promotion:\n" + promotion);
        return document;
    }

    private static string Replace(string document, string old, string replacement)
    {
        Assert.Contains(old, document, StringComparison.Ordinal);
        return document.Replace(old, replacement, StringComparison.Ordinal);
    }

    public static string Text(JsonNode? node) => node!.GetValue<string>();
}
