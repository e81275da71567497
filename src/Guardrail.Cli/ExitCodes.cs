namespace Guardrail.Cli;

/// <summary>The documented exit codes of every verb (see README).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server refused the request (4xx); its problem <c>code</c> is printed.</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong, or what it points at is missing (a file, a secret on standard input).</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached or failed (5xx), or a local store could not be opened.</summary>
    public const int Unavailable = 3;

    /// <summary><c>audit verify</c> found the chain broken.</summary>
    public const int AuditChainBroken = 4;
}
