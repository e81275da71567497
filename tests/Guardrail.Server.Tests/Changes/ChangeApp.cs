using Guardrail.Server.Tests.Support;

namespace Guardrail.Server.Tests.Changes;

/// <summary>The server with an outbox and follow-up that run often, so callbacks arrive within a test's patience.</summary>
public class ChangeApp : GuardrailApp
{
    public ChangeApp()
    {
        Settings["Outbox:PollInterval"] = "00:00:00.100";
        Settings["Outbox:FirstRetryDelay"] = "00:00:00.100";
        Settings["Outbox:MaxRetryDelay"] = "00:00:00.400";
        Settings["ChangeFollowUp:PollInterval"] = "00:00:00.200";
    }
}
