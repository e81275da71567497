using System.Globalization;
using System.Text.Json;

namespace Guardrail.Core.Integrations.Normalisation.Alertmanager;

/// <summary>
/// Reads a Prometheus Alertmanager <c>webhook_config</c> notification (payload version 4): one
/// <see cref="AlertObserved"/> per alert of the group. The alert's labels are kept as they are, with the group's
/// receiver and key added as <c>alertmanager.receiver</c> and <c>alertmanager.group_key</c> (a dot cannot occur in a
/// Prometheus label name, so these never collide).
/// </summary>
public sealed class AlertmanagerNormaliser : IDeliveryNormaliser
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;
    private const byte LabelSeparator = 0xFF;

    public IntegrationKind Kind => IntegrationKind.Alertmanager;

    public Normalised Normalise(RawDelivery delivery)
    {
        using var document = DeliveryJson.ParseObject(delivery.Body, out var problem);
        if (document is null)
            return new Normalised.Malformed(problem!);

        var root = document.RootElement;
        var version = root.Text("version");
        if (version is null)
            return new Normalised.Malformed("The notification has no version; Alertmanager webhooks carry version \"4\".");
        if (version != "4")
            return new Normalised.Malformed($"Alertmanager webhook version '{version}' is not supported; Guardrail reads version 4.");
        if (root.Array("alerts") is not { } alerts)
            return new Normalised.Malformed("The notification has no alerts array.");
        if (alerts.GetArrayLength() == 0)
            return new Normalised.Ignored("The notification holds no alerts.");

        var receiver = root.Text("receiver");
        var groupKey = root.Text("groupKey");
        var events = new List<ToolchainEvent>(alerts.GetArrayLength());
        var index = 0;
        foreach (var alert in alerts.EnumerateArray())
        {
            var read = Read(alert, index++, receiver, groupKey, out var problemWithAlert);
            if (read is null)
                return new Normalised.Malformed(problemWithAlert!);
            events.Add(read);
        }
        return new Normalised.Events(events);
    }

    private static AlertObserved? Read(JsonElement alert, int index, string? receiver, string? groupKey, out string? problem)
    {
        problem = null;
        if (alert.ValueKind != JsonValueKind.Object)
        {
            problem = $"alerts[{index}] is not an object.";
            return null;
        }
        if (alert.Object("labels") is not { } labelObject)
        {
            problem = $"alerts[{index}] has no labels.";
            return null;
        }
        AlertState? state = alert.Text("status") switch
        {
            "firing" => AlertState.Firing,
            "resolved" => AlertState.Resolved,
            _ => null,
        };
        if (state is null)
        {
            problem = $"alerts[{index}] has status '{alert.Text("status")}'; expected firing or resolved.";
            return null;
        }
        if (alert.Time("startsAt") is not { } startsAt)
        {
            problem = $"alerts[{index}].startsAt is missing or not an ISO 8601 time.";
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labelObject.EnumerateObject())
        {
            if (label.Value.ValueKind == JsonValueKind.String)
                labels[label.Name] = label.Value.GetString()!;
        }

        var fingerprint = alert.Text("fingerprint") ?? Fingerprint(labels);
        var annotations = alert.Object("annotations");
        var title = annotations?.Text("summary") ?? annotations?.Text("description") ?? Label(labels, "alertname") ?? fingerprint;
        var serviceHint = Label(labels, "service") ?? Label(labels, "app") ?? Label(labels, "app_kubernetes_io_name") ?? Label(labels, "job");
        var environment = Label(labels, "env") ?? Label(labels, "environment");
        var severity = Label(labels, "severity");

        if (receiver is not null)
            labels["alertmanager.receiver"] = receiver;
        if (groupKey is not null)
            labels["alertmanager.group_key"] = groupKey;

        return new AlertObserved(
            Fingerprint: fingerprint,
            State: state.Value,
            Title: title,
            Severity: severity,
            Labels: labels,
            StartsAt: startsAt,
            EndsAt: state == AlertState.Resolved ? EndsAt(alert) : null,
            Url: alert.Text("generatorURL"),
            ServiceHint: serviceHint,
            Environment: environment);
    }

    /// <summary>Go's zero time (<c>0001-01-01T00:00:00Z</c>) is how Alertmanager writes "not set".</summary>
    private static DateTimeOffset? EndsAt(JsonElement alert) =>
        alert.Time("endsAt") is { } endsAt && endsAt.UtcTicks != 0 ? endsAt : null;

    private static string? Label(Dictionary<string, string> labels, string name) =>
        labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>
    /// Alertmanager's own fingerprint of a label set (Prometheus <c>labelSetToFingerprint</c>): FNV-1a 64 over the label
    /// names in byte order, each name and value followed by the byte 0xFF, as 16 lower-case hex digits. A sender that
    /// leaves the fingerprint out therefore gets the one Alertmanager would have sent.
    /// </summary>
    internal static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        var names = labels.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        Span<byte> utf8 = stackalloc byte[4];
        var hash = FnvOffset;
        foreach (var name in names)
        {
            hash = Hash(Hash(hash, name, utf8), LabelSeparator);
            hash = Hash(Hash(hash, labels[name], utf8), LabelSeparator);
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Hash(ulong hash, ReadOnlySpan<char> text, Span<byte> utf8)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
                hash = Hash(hash, b);
        }
        return hash;
    }

    private static ulong Hash(ulong hash, byte value) => (hash ^ value) * FnvPrime;
}
