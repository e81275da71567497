using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Core.Common;
using Guardrail.Core.Persistence;
using Guardrail.Server.Security;
using Guardrail.Server.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Security;

public sealed class AccessControlTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    /// <summary>
    /// The only endpoints anyone may call without credentials, besides static assets. The survey page is answered by an
    /// incident's reporter, who has no account: its signed link is the credential (SurveyTests refuse forged ones).
    /// </summary>
    private static readonly string[] s_publicRoutes = ["/healthz", "/readyz", "/login", "/access-denied", "/survey/does-not-exist"];

    /// <summary>Webhooks carry no credentials of a person; each delivery proves itself with its integration's signature or token.</summary>
    private static bool IsWebhook(string path) => path.StartsWith("/hooks/", StringComparison.Ordinal);

    /// <summary>The API reference page's scripts and icon, served as static assets.</summary>
    private static bool IsStaticAsset(string path) => path.StartsWith("/docs/", StringComparison.Ordinal) && Path.GetExtension(path) is ".js" or ".svg";

    private sealed record Probe(string Method, string Path, Permission? Required, bool IsApi);

    private List<Probe> EnumerateEndpoints()
    {
        _ = app.Server;
        var probes = new List<Probe>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(Concrete)).TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var isPublic = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (isPublic)
            {
                Assert.True(s_publicRoutes.Contains(path) || IsStaticAsset(path) || IsWebhook(path), $"{path} is public but is not meant to be.");
                continue;
            }
            Assert.True(authorize.Count > 0, $"{string.Join(',', methods)} {endpoint.RoutePattern.RawText} has no authorization requirement.");
            var policy = authorize.Select(a => a.Policy).LastOrDefault(p => p is not null);
            Permission? required = policy is null ? null
                : Enum.GetValues<Permission>().Single(p => Policies.For(p) == policy);
            foreach (var method in methods)
                probes.Add(new Probe(method, path, required, path.StartsWith("/api/", StringComparison.Ordinal)));
        }
        return probes;
    }

    private static string Concrete(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "long") => "1",
        RoutePatternParameterPart parameter when parameter.IsCatchAll => "x",
        RoutePatternParameterPart parameter when FirstAlternative(parameter) is { } allowed => allowed,
        RoutePatternParameterPart parameter => parameter.Name == "documentName" ? "v1" : "does-not-exist",
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "",
    }));

    /// <summary>A value that satisfies a <c>regex(^(a|b)$)</c> constraint, so the request reaches the endpoint.</summary>
    private static string? FirstAlternative(RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Select(p => System.Text.RegularExpressions.Regex.Match(p.Content ?? "", @"^regex\(\^\(([^|)]+)"))
            .FirstOrDefault(m => m.Success)?.Groups[1].Value;

    private static HttpRequestMessage Request(Probe probe)
    {
        var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Path);
        if (probe.Method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        return request;
    }

    [Fact]
    public async Task Every_endpoint_that_is_not_public_rejects_anonymous_callers()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var probes = EnumerateEndpoints();
        Assert.Contains(probes, p => p.IsApi);
        Assert.Contains(probes, p => !p.IsApi);

        foreach (var probe in probes)
        {
            var response = await client.SendAsync(Request(probe));
            if (probe.IsApi)
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{probe.Method} {probe.Path} answered {response.StatusCode} to an anonymous caller.");
            else
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal),
                    $"{probe.Method} {probe.Path} answered {response.StatusCode} to an anonymous browser instead of sending it to sign in.");
        }
    }

    [Fact]
    public async Task Every_webhook_endpoint_refuses_an_unsigned_delivery_whether_or_not_its_integration_is_configured()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var anonymous = app.CreateClient();
        foreach (var kind in new[] { "github", "gitlab", "cdevents", "alertmanager", "pagerduty" })
        {
            var before = await anonymous.PostAsync($"/hooks/{kind}", new StringContent("{}", Encoding.UTF8, "application/json"));
            await admin.PostAsJsonAsync("/api/v1/integrations", new CreateIntegrationRequest(kind, null, null, null));
            var after = await anonymous.PostAsync($"/hooks/{kind}", new StringContent("{}", Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
            Assert.Equal("hook.not_configured", (await before.ReadJsonAsync())["code"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
            Assert.Equal("hook.signature_invalid", (await after.ReadJsonAsync())["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Every_endpoint_that_demands_a_permission_rejects_roles_without_it()
    {
        var tokens = new Dictionary<Role, string>();
        foreach (var role in Enum.GetValues<Role>())
            tokens[role] = await app.IssueTokenAsync(role);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var checkedProbes = 0;

        foreach (var probe in EnumerateEndpoints().Where(p => p.Required is not null))
        {
            foreach (var role in Enum.GetValues<Role>().Where(r => !r.Grants(probe.Required!.Value)))
            {
                var request = Request(probe);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[role]);
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                    $"{probe.Method} {probe.Path} answered {response.StatusCode} to role {WireNames.Of(role)}, which lacks {probe.Required}.");
                checkedProbes++;
            }
        }
        Assert.True(checkedProbes > 20, $"Only {checkedProbes} wrong-role calls were checked.");
    }

    [Fact]
    public async Task The_pipeline_role_may_not_read_the_catalogue_but_a_reader_may()
    {
        var pipeline = await app.ClientAsAsync(Role.Pipeline);
        var reader = await app.ClientAsAsync(Role.Reader);

        var refused = await pipeline.GetAsync("/api/v1/services");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("auth.forbidden", (await refused.ReadJsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/services")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostJsonAsync("/api/v1/teams", new { key = "readers-cannot", name = "X" })).StatusCode);
    }

    [Fact]
    public async Task Tokens_are_stored_hashed_shown_once_and_dead_once_revoked()
    {
        var admin = await app.ClientAsAsync(Role.Admin);
        var created = await admin.PostJsonAsync("/api/v1/tokens", new { name = Json.Unique("deploy-bot"), role = "reader" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.ReadJsonAsync();
        var secret = body["token"]!.GetValue<string>();
        var id = body["details"]!["id"]!.GetValue<long>();
        Assert.StartsWith("grd_", secret, StringComparison.Ordinal);

        using (var scope = app.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<GuardrailDb>().ApiTokens.AsNoTracking().SingleAsync(t => t.Id == id);
            Assert.NotEqual(secret, stored.SecretHash);
            Assert.Equal(ApiTokens.HashOf(secret), stored.SecretHash);
        }
        var listed = await (await admin.GetAsync("/api/v1/tokens")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        var holder = app.CreateClient();
        holder.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/api/v1/services")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/tokens/{id}")).StatusCode);

        var rejected = await holder.GetAsync("/api/v1/services");
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.Equal("auth.token_invalid", (await rejected.ReadJsonAsync())["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_made_up_token_is_refused()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "grd_" + new string('A', 43));

        var response = await client.GetAsync("/api/v1/services");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("auth.token_invalid", (await response.ReadJsonAsync())["code"]!.GetValue<string>());
    }
}

public sealed class LoginRateLimitTests(GuardrailApp app) : IClassFixture<GuardrailApp>
{
    [Fact]
    public async Task The_login_page_refuses_a_burst_from_one_address()
    {
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            statuses.Add((await client.GetAsync("/login")).StatusCode);

        Assert.All(statuses.Take(10), status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
