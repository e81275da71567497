using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Guardrail.Core.Access;
using Guardrail.Server.Api;
using Guardrail.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Guardrail.Server.Tests.Cmdb;

/// <summary>The import limit is enforced by Kestrel, so this test runs the real server on a real socket.</summary>
public sealed class CmdbImportLimitTests
{
    [Fact]
    public async Task An_upload_over_the_import_limit_is_refused_with_413_and_nothing_is_written()
    {
        var data = Directory.CreateTempSubdirectory("guardrail-import-limit-").FullName;
        await using var app = Program.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data}"]);
        await app.StartAsync();
        using var scope = app.Services.CreateScope();
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokens>().IssueAsync(
            new Contracts.CreateTokenRequest("import-limit", "admin"), Core.Common.Actor.System, CancellationToken.None);
        // The client waits for the server's word before sending the body, however long a busy machine takes to give it.
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(5) }) { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", issued.Value!.Secret);
        var scopeName = Json.Unique("too-big");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cmdb/imports/kubernetes?scope={scopeName}")
        {
            Content = new GeneratedManifests(CmdbImportsApi.MaxImportBytes + 1),
        };
        request.Headers.ExpectContinue = true;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("request.body_too_large", (await response.ReadJsonAsync())["code"]!.GetValue<string>());
        var runs = await (await client.GetAsync("/api/v1/cmdb/imports/?limit=500")).ReadJsonAsync();
        Assert.DoesNotContain(runs["items"]!.AsArray(), run => run!["scope"]!.GetValue<string>() == scopeName);
        var cis = await (await client.GetAsync($"/api/v1/cmdb/cis?q={scopeName}&status=any")).ReadJsonAsync();
        Assert.Empty(cis["items"]!.AsArray());
        await app.StopAsync();
    }

    /// <summary>A manifest of <c>length</c> bytes written as it is sent, one small Deployment after another, so the test holds none of it.</summary>
    private sealed class GeneratedManifests : HttpContent
    {
        private static readonly byte[] s_document = Encoding.UTF8.GetBytes(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: filler, namespace: limit}\nspec: {replicas: 1}\n---\n");

        private readonly long _length;

        public GeneratedManifests(long length)
        {
            _length = length;
            Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var sent = 0L; sent < _length; sent += s_document.Length)
                await stream.WriteAsync(s_document.AsMemory(0, (int)Math.Min(s_document.Length, _length - sent)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }
    }
}
