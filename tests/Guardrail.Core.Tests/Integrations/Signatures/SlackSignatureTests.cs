using System.Text;
using System.Text.Json.Nodes;
using Guardrail.Core.Integrations.Signatures;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Integrations.Signatures;

public sealed class SlackSignatureTests
{
    private static readonly JsonNode s_vector = JsonNode.Parse(Corpus.Bytes("slack/signature-test-vector.json"))!;
    private static readonly string s_secret = s_vector["signing_secret"]!.GetValue<string>();
    private static readonly string s_timestamp = s_vector["headers"]!["X-Slack-Request-Timestamp"]!.GetValue<string>();
    private static readonly string s_signature = s_vector["headers"]!["X-Slack-Signature"]!.GetValue<string>();
    private static readonly byte[] s_body = Encoding.UTF8.GetBytes(s_vector["raw_body"]!.GetValue<string>());
    private static readonly DateTime s_sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(s_timestamp, System.Globalization.CultureInfo.InvariantCulture)).UtcDateTime;

    [Fact]
    public void The_published_vector_verifies_within_the_replay_window() =>
        Assert.True(SlackSignature.Verify(s_secret, s_timestamp, s_signature, s_body, s_sentAt.AddSeconds(60)));

    [Fact]
    public void The_same_request_replayed_after_five_minutes_is_refused() =>
        Assert.False(SlackSignature.Verify(s_secret, s_timestamp, s_signature, s_body, s_sentAt.AddMinutes(6)));

    [Fact]
    public void A_tampered_body_timestamp_secret_or_signature_is_refused()
    {
        var now = s_sentAt.AddSeconds(60);
        Assert.False(SlackSignature.Verify(s_secret, s_timestamp, s_signature, [.. s_body, (byte)'x'], now));
        Assert.False(SlackSignature.Verify(s_secret, (long.Parse(s_timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), s_signature, s_body, now));
        Assert.False(SlackSignature.Verify(s_secret + "x", s_timestamp, s_signature, s_body, now));
        Assert.False(SlackSignature.Verify(s_secret, s_timestamp, s_signature[..^1] + "0", s_body, now));
        Assert.False(SlackSignature.Verify(s_secret, s_timestamp, "v0=not-hex", s_body, now));
        Assert.False(SlackSignature.Verify(s_secret, "yesterday", s_signature, s_body, now));
        Assert.False(SlackSignature.Verify(s_secret, s_timestamp, null, s_body, now));
    }
}
