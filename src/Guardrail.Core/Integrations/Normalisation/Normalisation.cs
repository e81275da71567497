namespace Guardrail.Core.Integrations.Normalisation;

/// <summary>One stored delivery as a normaliser sees it: the event type the transport named, the headers kept, the raw body.</summary>
/// <param name="Headers">Header names in lower case.</param>
public sealed record RawDelivery(string EventType, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);

/// <summary>What a normaliser made of a delivery: events, an event type Guardrail does not use, or a body it cannot read.</summary>
public abstract record Normalised
{
    public sealed record Events(IReadOnlyList<ToolchainEvent> Items) : Normalised;

    /// <summary>A well-formed delivery of a kind Guardrail does not use (a ping, a label change…): kept, marked ignored.</summary>
    public sealed record Ignored(string Reason) : Normalised;

    /// <summary>The body does not say what its event type promises; retrying will not help.</summary>
    public sealed record Malformed(string Problem) : Normalised;
}

/// <summary>Turns the raw deliveries of one kind of integration into <see cref="ToolchainEvent"/>s.</summary>
public interface IDeliveryNormaliser
{
    IntegrationKind Kind { get; }

    Normalised Normalise(RawDelivery delivery);
}
