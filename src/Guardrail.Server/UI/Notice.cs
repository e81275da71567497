namespace Guardrail.Server.UI;

/// <summary>A one-line confirmation carried in TempData across the redirect after a write, shown once by the layout.</summary>
public static class Notice
{
    public const string Key = "notice";
}
