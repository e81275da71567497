namespace Guardrail.Core.Common;

/// <summary>
/// Signs short payloads into tokens that can be handed to someone outside Guardrail (a link in an e-mail) and read back
/// only if nobody changed them. Each purpose has its own keys, so a token made for one purpose is worthless for another.
/// </summary>
public interface ITokenSigner
{
    string Sign(string purpose, string payload);

    /// <summary>The payload of a token this purpose signed, or null when the token is forged, altered or malformed.</summary>
    string? Verify(string purpose, string token);
}
