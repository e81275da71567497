using System.Text.Json.Nodes;
using Guardrail.Core.Integrations.Chat;
using Guardrail.Core.Integrations.Outbox;
using Guardrail.Server.Tests.Support;

namespace Guardrail.Core.Tests.Changes;

public sealed class SlackRequestsTests
{
    private const string BlockActionSample = "slack/java-slack-sdk-json-logs/app-backend/interactive-components/BlockActionPayload.json";

    private static Dictionary<string, string> Command(string text) => new() { ["user_id"] = "U123", ["text"] = text, ["command"] = "/guardrail" };

    private static Dictionary<string, string> Click(Action<JsonNode> edit)
    {
        var payload = JsonNode.Parse(Corpus.Bytes(BlockActionSample))!;
        payload["user"]!["id"] = "U456";
        payload["actions"]![0]!["action_id"] = ChangeAnnouncer.RejectAction;
        payload["actions"]![0]!["value"] = "CHG-12";
        edit(payload);
        return new() { ["payload"] = payload.ToJsonString() };
    }

    [Theory]
    [InlineData("approve CHG-12 looks good", ChatVerb.Approve, "looks good")]
    [InlineData("REJECT chg-12", ChatVerb.Reject, null)]
    [InlineData("show 12", ChatVerb.Show, null)]
    public void A_slash_command_names_the_verb_the_change_and_the_comment(string text, ChatVerb verb, string? comment)
    {
        var (command, problem) = SlackRequests.Read(Command(text));

        Assert.Null(problem);
        Assert.Equal(new ChatCommand(verb, "CHG-12", comment, "U123"), command);
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("")]
    [InlineData("deploy CHG-12")]
    [InlineData("0 CHG-12")]
    [InlineData("1 CHG-12")]
    public void A_command_without_a_change_or_with_a_bad_verb_gets_the_usage(string text)
    {
        var (command, problem) = SlackRequests.Read(Command(text));

        Assert.Null(command);
        Assert.Equal(SlackRequests.Usage, problem);
    }

    [Fact]
    public void A_change_that_is_not_a_change_number_is_named_in_the_problem()
    {
        var (command, problem) = SlackRequests.Read(Command("approve INC-4"));

        Assert.Null(command);
        Assert.StartsWith("'INC-4' is not a change", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_button_click_from_the_sdk_sample_reads_as_a_vote()
    {
        var (command, problem) = SlackRequests.Read(Click(_ => { }));

        Assert.Null(problem);
        Assert.Equal(new ChatCommand(ChatVerb.Reject, "CHG-12", null, "U456"), command);
    }

    [Theory]
    [InlineData("someone-elses-button", "CHG-12")]
    [InlineData(ChangeAnnouncer.ApproveAction, "not a change")]
    public void A_click_on_another_button_is_not_a_vote(string actionId, string value)
    {
        var (command, problem) = SlackRequests.Read(Click(p =>
        {
            p["actions"]![0]!["action_id"] = actionId;
            p["actions"]![0]!["value"] = value;
        }));

        Assert.Null(command);
        Assert.Equal("This button is not one of Guardrail's approval buttons.", problem);
    }

    [Fact]
    public void Other_interactions_and_broken_payloads_are_explained()
    {
        Assert.Equal("Only button clicks on Guardrail's approval requests are understood.", SlackRequests.Read(Click(p => p["type"] = "view_submission")).Problem);
        Assert.Equal("The interaction payload is not the JSON Slack sends for a button click.", SlackRequests.Read(Click(p => p["actions"] = new JsonArray())).Problem);
        Assert.Equal("The interaction payload is not the JSON Slack sends for a button click.", SlackRequests.Read(new Dictionary<string, string> { ["payload"] = "{not json" }).Problem);
        Assert.Equal("The request names no Slack user.", SlackRequests.Read(new Dictionary<string, string> { ["text"] = "approve CHG-1" }).Problem);
    }
}
