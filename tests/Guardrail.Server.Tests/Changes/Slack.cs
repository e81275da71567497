using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>Slack's requests to the app, signed the way Slack signs them.</summary>
internal static class Slack
{
    public const string BlockActionSample = "slack/java-slack-sdk-json-logs/app-backend/interactive-components/BlockActionPayload.json";

    public static async Task<(string Name, string Secret)> IntegrationAsync(ChangeWorld world)
    {
        var name = Json.Unique("slack");
        var secret = $"slack-secret-{Guid.NewGuid():N}";
        await Webhooks.CreateIntegrationAsync(world.Admin, "slack", name, secret: secret);
        return (name, secret);
    }

    public static string SlashCommand(string userId, string text) =>
        $"token=x&team_id=T1&user_id={Uri.EscapeDataString(userId)}&user_name=someone&command=%2Fguardrail&text={Uri.EscapeDataString(text)}";

    /// <summary>A button click: Slack's block_actions payload (the SDK's field inventory) with the user and the button filled in.</summary>
    public static string ButtonClick(string userId, string actionId, string change)
    {
        var payload = JsonNode.Parse(Corpus.Bytes(BlockActionSample))!;
        payload["user"]!["id"] = userId;
        payload["actions"]![0]!["action_id"] = actionId;
        payload["actions"]![0]!["value"] = change;
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    public static HttpRequestMessage Signed(string path, string secret, string body, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Webhooks.Raw(path, Encoding.UTF8.GetBytes(body), "application/x-www-form-urlencoded");
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"))));
        return request;
    }
}
