using System.Net;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Api;

/// <summary>Body limits are enforced by Kestrel, so this test runs the real server on a real socket.</summary>
public sealed class BodyLimitTests
{
    [Fact]
    public async Task An_oversized_body_is_refused_with_413_and_nothing_is_written()
    {
        var data = Directory.CreateTempSubdirectory("guardrail-limit-").FullName;
        await using var app = Program.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data}", "--Api:MaxRequestBodyBytes=65536"]);
        await app.StartAsync();
        using var scope = app.Services.CreateScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(
            new Contracts.CreateTokenRequest("limit", "admin"), Core.Common.Actor.System, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", issued.Value!.Secret);
        var key = Json.Unique("huge");

        var response = await client.PostRawAsync("/api/v1/teams", $"{{\"key\":\"{key}\",\"name\":\"big\",\"description\":\"{new string('x', 100_000)}\"}}");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request.body_too_large", (await response.ReadJsonAsync())["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/teams/{key}")).StatusCode);
        await app.StopAsync();
    }
}
