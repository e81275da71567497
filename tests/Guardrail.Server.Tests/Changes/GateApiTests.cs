using System.Net;
using System.Net.Http.Json;
using Guardrail.Core.Integrations.Signatures;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

public sealed class GateApiTests(ChangeApp app) : IClassFixture<ChangeApp>
{
    [Fact]
    public async Task A_long_poll_on_a_pending_change_returns_approved_once_a_vote_lands()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var owner = await world.PersonAsync(team: target.Team);
        var pending = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed));
        var number = ChangeWorld.Text(pending["change"]);
        Assert.Equal("pending", ChangeWorld.Text(pending["decision"]));

        var pipeline = await world.PipelineAsync();
        var poll = pipeline.GetAsync($"/api/v1/gate/{number}?wait=10");
        var voted = await owner.Client.PostAsJsonAsync($"/api/v1/changes/{number}/approve", new { comment = "fine" });
        Assert.Equal(HttpStatusCode.OK, voted.StatusCode);
        var answered = await poll;

        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var decision = await answered.ReadJsonAsync();
        Assert.Equal("approved", ChangeWorld.Text(decision["decision"]));
        Assert.Equal("scheduled", ChangeWorld.Text(decision["state"]));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("121")]
    [InlineData("NaN")]
    [InlineData("1e300")]
    public async Task A_wait_out_of_range_is_a_bad_request(string wait)
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();
        var number = ChangeWorld.Text((await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed)))["change"]);

        var response = await (await world.PipelineAsync()).GetAsync($"/api/v1/gate/{number}?wait={wait}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["errors"]!["wait"]);
    }

    [Fact]
    public async Task The_callback_url_receives_the_signed_decision_after_the_vote()
    {
        await using var ci = await RecordingReceiver.StartAsync();
        var world = await ChangeWorld.CreateAsync(app);
        var prefix = new Uri(ci.BaseUrl, $"{Json.Unique("ci")}/").ToString();
        var created = await world.Admin.PostJsonAsync("/api/v1/outbound-targets", new { kind = "gate-callback", name = Json.Unique("ci"), url = prefix });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = ChangeWorld.Text((await created.ReadJsonAsync())["secret"]);
        var target = await world.TargetAsync();
        var owner = await world.PersonAsync(team: target.Team);
        var callbackUrl = prefix + "runs/42/decision";

        var pending = await world.GateAsync(ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, callbackUrl: callbackUrl));
        var number = ChangeWorld.Text(pending["change"]);
        Assert.Equal("pending", ChangeWorld.Text(pending["decision"]));
        Assert.Equal(HttpStatusCode.OK, (await owner.Client.PostAsJsonAsync($"/api/v1/changes/{number}/approve", new { })).StatusCode);

        var received = await ci.RequestToAsync(new Uri(callbackUrl).AbsolutePath);
        Assert.Equal("POST", received.Method);
        Assert.True(HmacSha256Signature.Verify(secret, received.Body, received.Headers.GetValueOrDefault(HmacSha256Signature.GuardrailHeaderName.ToLowerInvariant())),
            "The callback's X-Guardrail-Signature does not verify with the target's secret.");
        Assert.False(string.IsNullOrEmpty(received.Headers.GetValueOrDefault("idempotency-key")));
        var body = System.Text.Json.Nodes.JsonNode.Parse(received.Body)!;
        Assert.Equal(number, ChangeWorld.Text(body["change"]));
        Assert.Equal("approved", ChangeWorld.Text(body["decision"]));
        Assert.Equal("scheduled", ChangeWorld.Text(body["state"]));
    }

    [Fact]
    public async Task A_callback_url_under_no_target_is_refused_with_the_field_named()
    {
        var world = await ChangeWorld.CreateAsync(app);
        var target = await world.TargetAsync();

        var response = await (await world.PipelineAsync()).PostAsJsonAsync("/api/v1/gate",
            ChangeWorld.Gate(target, evidence: ChangeWorld.Passed, callbackUrl: $"http://127.0.0.1:9/{Json.Unique("nowhere")}/cb"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Contains("gate-callback", ChangeWorld.Text(problem["errors"]!["callbackUrl"]![0]), StringComparison.Ordinal);
        var listed = (await (await world.Admin.GetAsync($"/api/v1/changes?service={target.Service}")).ReadJsonAsync())["items"]!.AsArray();
        Assert.Empty(listed);
    }
}
