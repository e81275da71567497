using System.Text.Json;
using Guardrail.Core.Common;
using Guardrail.Core.Integrations.Outbox;

namespace Guardrail.Core.Integrations.Chat;

public enum ChatVerb
{
    Approve,
    Reject,
    Show,
}

/// <summary>A change command from chat: <c>/guardrail approve CHG-12 looks good</c>, or a button on an approval request.</summary>
public sealed record ChatCommand(ChatVerb Verb, string Change, string? Comment, string UserId);

/// <summary>
/// Reads Slack's two request shapes: a slash command (form fields <c>user_id</c> and <c>text</c>) and an interaction
/// (one form field, <c>payload</c>, holding the <c>block_actions</c> JSON of a button click).
/// </summary>
public static class SlackRequests
{
    public const string Usage = "Usage: /guardrail approve|reject|show CHG-n [comment]";

    /// <summary>The command, or a message for the person explaining what was wrong.</summary>
    public static (ChatCommand? Command, string? Problem) Read(IReadOnlyDictionary<string, string> form)
    {
        if (form.TryGetValue("payload", out var payload))
            return ReadInteraction(payload);
        if (!form.TryGetValue("user_id", out var userId) || string.IsNullOrEmpty(userId))
            return (null, "The request names no Slack user.");
        var words = (form.GetValueOrDefault("text") ?? "").Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length < 2 || !TryVerb(words[0], out var verb))
            return (null, Usage);
        if (!RecordNumber.Change.TryParse(words[1], out var id))
            return (null, $"'{words[1]}' is not a change; write it as CHG-n. {Usage}");
        return (new ChatCommand(verb, RecordNumber.Change.Format(id), words.Length > 2 ? words[2] : null, userId), null);
    }

    private static (ChatCommand?, string?) ReadInteraction(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (!root.TryGetProperty("type", out var type) || type.GetString() != "block_actions")
                return (null, "Only button clicks on Guardrail's approval requests are understood.");
            var userId = root.GetProperty("user").GetProperty("id").GetString();
            var action = root.GetProperty("actions")[0];
            var verb = action.GetProperty("action_id").GetString() switch
            {
                ChangeAnnouncer.ApproveAction => ChatVerb.Approve,
                ChangeAnnouncer.RejectAction => ChatVerb.Reject,
                _ => (ChatVerb?)null,
            };
            var change = action.TryGetProperty("value", out var value) ? value.GetString() : null;
            if (verb is null || userId is null || !RecordNumber.Change.TryParse(change, out var id))
                return (null, "This button is not one of Guardrail's approval buttons.");
            return (new ChatCommand(verb.Value, RecordNumber.Change.Format(id), null, userId), null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return (null, "The interaction payload is not the JSON Slack sends for a button click.");
        }
    }

    private static bool TryVerb(string word, out ChatVerb verb)
    {
        verb = default;
        return word.All(char.IsAsciiLetter) && Enum.TryParse(word, ignoreCase: true, out verb);
    }
}
