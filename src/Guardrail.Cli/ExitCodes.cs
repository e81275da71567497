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

/// <summary>
/// The exit codes of <c>guardrail gate</c>, which differ from every other verb's: a pipeline step branches on the
/// decision, so a refused or malformed request is an error (3) rather than a rejection (1).
/// </summary>
public static class GateExitCodes
{
    /// <summary>Approved, or recorded as a receipt: deploy.</summary>
    public const int Approved = 0;

    /// <summary>Rejected: do not deploy.</summary>
    public const int Rejected = 1;

    /// <summary>Still pending when <c>--wait</c> ran out, or at once without <c>--wait</c>.</summary>
    public const int Pending = 2;

    /// <summary>No decision: the server was unreachable or refused the request, or the command line is wrong.</summary>
    public const int Error = 3;
}
