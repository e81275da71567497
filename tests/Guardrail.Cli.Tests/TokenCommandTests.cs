using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Guardrail.Contracts;
using Guardrail.Core.Access;
using Guardrail.Server.Tests.Support;
using Microsoft.Data.Sqlite;
using static Guardrail.Cli.Tests.CliRunner;

namespace Guardrail.Cli.Tests;

/// <summary><c>guardrail token create</c> works on a store directly, with no server running.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("guardrail-cli-test-").FullName;

    [Fact]
    public async Task A_token_created_on_a_store_authenticates_against_a_server_over_that_store()
    {
        var result = await RunAsync("token", "create", "--role", "pipeline", "--name", "deploy-bot", "--data", _dataDirectory, "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var secret = JsonNode.Parse(result.Out)!["token"]!.GetValue<string>();
        Assert.StartsWith(ApiTokens.SecretPrefix, secret, StringComparison.Ordinal);

        using var app = new GuardrailApp();
        using var onStore = app.WithWebHostBuilder(host => host.UseSetting("Storage:DataDirectory", _dataDirectory));
        using var client = onStore.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var me = await client.GetFromJsonAsync<WhoAmIResponse>("api/v1/me");
        Assert.NotNull(me);
        Assert.Equal("deploy-bot", me.Name);
        Assert.Equal("pipeline", me.Role);

        // The pipeline role is authenticated but may not read the audit trail.
        using var forbidden = await client.GetAsync(new Uri("api/v1/audit/verify", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Without_json_the_token_is_printed_with_a_reminder()
    {
        var result = await RunAsync("token", "create", "--role", "reader", "--data", _dataDirectory);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.StartsWith(ApiTokens.SecretPrefix, result.Out, StringComparison.Ordinal);
        Assert.Contains("role reader", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_role_is_a_usage_error_and_creates_nothing()
    {
        var result = await RunAsync("token", "create", "--role", "nonsense", "--data", _dataDirectory, "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("nonsense", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dataDirectory));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS temp cleaner; it never affects another test.
        }
    }
}
