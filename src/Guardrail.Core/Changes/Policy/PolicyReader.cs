using System.Globalization;
using Cronos;
using Guardrail.Core.Common;
using Guardrail.Core.ServiceCatalog;
using YamlDotNet.RepresentationModel;

namespace Guardrail.Core.Changes.Policy;

/// <summary>
/// Turns the YAML representation model into a <see cref="ChangePolicy"/>, collecting a problem for every node it
/// cannot accept and carrying on with the default in its place, so one pass reports everything.
/// </summary>
internal sealed class PolicyReader
{
    private static readonly string[] _evidenceValues = [PolicyEvaluator.Passed, PolicyEvaluator.Failed, "skipped"];

    private readonly List<PolicyProblem> _problems = [];

    public IReadOnlyList<PolicyProblem> Problems => _problems;

    public static bool IsNull(YamlNode? node) =>
        node is null || node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public ChangePolicy? ReadPolicy(YamlNode root)
    {
        if (root is not YamlMappingNode)
        {
            Report(root, "", $"A change policy must be a mapping with apiVersion, kind, metadata and spec, not {Describe(root)}.");
            return null;
        }
        var keys = Keys(root, "", "apiVersion", "kind", "metadata", "spec")!;
        Constant(root, keys, "apiVersion", ChangePolicyDocument.ApiVersion);
        Constant(root, keys, "kind", ChangePolicyDocument.Kind);

        string? name = null;
        string? description = null;
        if (Required(root, keys, "metadata", "") is { } metadataNode && Keys(metadataNode, "metadata", "name", "description") is { } metadata)
        {
            name = Required(metadataNode, metadata, "name", "metadata") is { } nameNode ? Text(nameNode, "metadata.name") : null;
            description = Optional(metadata, "description") is { } d ? Text(d, "metadata.description") : null;
        }
        if (Required(root, keys, "spec", "") is not { } specNode)
            return null;
        var spec = IsNull(specNode) ? new Dictionary<string, YamlNode>() : Keys(specNode, "spec", "standardModels", "risk", "approval", "windows", "promotion");
        if (spec is null)
            return null;

        var models = Optional(spec, "standardModels") is { } m ? StandardModels(m, "spec.standardModels") : [];
        var factors = Optional(spec, "risk") is { } r ? Risk(r, "spec.risk") : RiskFactor.Defaults;
        var approval = Optional(spec, "approval") is { } a ? Approval(a, "spec.approval") : ApprovalPolicy.Default;
        var windows = Optional(spec, "windows") is { } w ? Windows(w, "spec.windows") : [];
        var promotion = Optional(spec, "promotion") is { } p ? Promotion(p, "spec.promotion") : PromotionPolicy.Default;
        return name is null ? null : new ChangePolicy(name, description, models, factors, approval, windows, promotion);
    }

    private void Constant(YamlNode parent, Dictionary<string, YamlNode> keys, string key, string expected)
    {
        if (!keys.TryGetValue(key, out var node))
            Report(parent, key, $"'{key}' is missing; it must be '{expected}'.");
        else if (node is not YamlScalarNode { Value: var value } || value != expected)
            Report(node, key, $"'{key}' must be '{expected}', not {Describe(node)}.");
    }

    private List<StandardModel> StandardModels(YamlNode node, string path)
    {
        var models = new List<StandardModel>();
        var names = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (item, itemPath) in Items(node, path))
        {
            if (Keys(item, itemPath, "name", "description", "match") is not { } keys)
                continue;
            var name = UniqueName(item, keys, itemPath, names, "standard model");
            var description = Optional(keys, "description") is { } d ? Text(d, $"{itemPath}.description") : null;
            var match = Optional(keys, "match") is { } m ? Match(m, $"{itemPath}.match", scopeOnly: false) : ChangeMatch.Any;
            if (name is not null)
                models.Add(new StandardModel(name, description, match));
        }
        return models;
    }

    private ChangeMatch Match(YamlNode node, string path, bool scopeOnly)
    {
        string[] known = scopeOnly
            ? ["services", "environments", "environmentTiers"]
            : ["services", "environments", "environmentTiers", "models", "maxCommits", "evidence"];
        if (Keys(node, path, known) is not { } keys)
            return ChangeMatch.Any;
        var evidence = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Optional(keys, "evidence") is { } evidenceNode && Keys(evidenceNode, $"{path}.evidence") is { } required)
        {
            foreach (var (key, valueNode) in required)
            {
                if (OneOf(valueNode, $"{path}.evidence.{key}", _evidenceValues, "evidence value") is { } value)
                    evidence[key] = value;
            }
        }
        return new ChangeMatch(
            Optional(keys, "services") is { } s ? Strings(s, $"{path}.services") : [],
            Optional(keys, "environments") is { } e ? Strings(e, $"{path}.environments") : [],
            Optional(keys, "environmentTiers") is { } t ? Each(t, $"{path}.environmentTiers", (n, p) => Enum<EnvironmentTier>(n, p, "environment tier")) : [],
            Optional(keys, "models") is { } m ? Strings(m, $"{path}.models") : [],
            Optional(keys, "maxCommits") is { } c ? Integer(c, $"{path}.maxCommits", 0) : null,
            evidence);
    }

    private IReadOnlyList<RiskFactor> Risk(YamlNode node, string path)
    {
        if (Keys(node, path, "factors") is not { } keys || Optional(keys, "factors") is not { } factorsNode)
            return RiskFactor.Defaults;
        var factorsPath = $"{path}.factors";
        var defaults = RiskFactor.Defaults.ToDictionary(f => f.Name);
        if (Keys(factorsNode, factorsPath, [.. defaults.Keys]) is not { } given)
            return RiskFactor.Defaults;
        var factors = given.Select(g => Factor(g.Value, $"{factorsPath}.{g.Key}", defaults[g.Key])).ToList();
        factors.AddRange(RiskFactor.Defaults.Where(d => !given.ContainsKey(d.Name)));
        return factors;
    }

    private RiskFactor Factor(YamlNode node, string path, RiskFactor fallback)
    {
        if (IsNull(node))
            return fallback;
        switch (fallback)
        {
            case EnvironmentTierFactor f when Keys(node, path, "weight", "values") is { } k:
                return f with { Weight = Weight(k, path, f.Weight), Values = Values(k, path, f.Values, "environment tier") };
            case ServiceCriticalityFactor f when Keys(node, path, "weight", "values") is { } k:
                return f with { Weight = Weight(k, path, f.Weight), Values = Values(k, path, f.Values, "criticality") };
            case BlastRadiusFactor f when Keys(node, path, "weight", "downstreamCisAt", "businessServicesAt") is { } k:
                return new BlastRadiusFactor(Weight(k, path, f.Weight),
                    Integer(k, "downstreamCisAt", path, f.DownstreamCisAt, 1),
                    Integer(k, "businessServicesAt", path, f.BusinessServicesAt, 1));
            case ChangeSizeFactor f when Keys(node, path, "weight", "commitsAt", "filesAt", "linesAt", "unknown") is { } k:
                return new ChangeSizeFactor(Weight(k, path, f.Weight),
                    Integer(k, "commitsAt", path, f.CommitsAt, 1),
                    Integer(k, "filesAt", path, f.FilesAt, 1),
                    Integer(k, "linesAt", path, f.LinesAt, 1),
                    Fraction(k, "unknown", path, f.Unknown));
            case RecentFailureRateFactor f when Keys(node, path, "weight", "days", "rateAt", "minimumChanges", "unknown") is { } k:
                return new RecentFailureRateFactor(Weight(k, path, f.Weight),
                    Integer(k, "days", path, f.Days, 1),
                    Optional(k, "rateAt") is { } rateAt ? Number(rateAt, $"{path}.rateAt", 0, 1, "a number above 0 and at most 1", exclusiveMin: true) ?? f.RateAt : f.RateAt,
                    Integer(k, "minimumChanges", path, f.MinimumChanges, 0),
                    Fraction(k, "unknown", path, f.Unknown));
            case TimingFactor f when Keys(node, path, "weight", "insideMaintenance", "outsideMaintenance") is { } k:
                return new TimingFactor(Weight(k, path, f.Weight), Fraction(k, "insideMaintenance", path, f.InsideMaintenance), Fraction(k, "outsideMaintenance", path, f.OutsideMaintenance));
            case EvidenceFactor f when Keys(node, path, "weight", "required") is { } k:
                return new EvidenceFactor(Weight(k, path, f.Weight), Optional(k, "required") is { } r ? Strings(r, $"{path}.required") : f.Required);
            case EmergencyFactor f when Keys(node, path, "weight") is { } k:
                return new EmergencyFactor(Weight(k, path, f.Weight));
            default:
                return fallback;
        }
    }

    private double Weight(Dictionary<string, YamlNode> keys, string path, double fallback) =>
        Optional(keys, "weight") is { } node ? Number(node, $"{path}.weight", 0, 100, "a number from 0 to 100") ?? fallback : fallback;

    private double Fraction(Dictionary<string, YamlNode> keys, string key, string path, double fallback) =>
        Optional(keys, key) is { } node ? Number(node, $"{path}.{key}", 0, 1, "a number from 0 to 1") ?? fallback : fallback;

    private int Integer(Dictionary<string, YamlNode> keys, string key, string path, int fallback, int min) =>
        Optional(keys, key) is { } node ? Integer(node, $"{path}.{key}", min) ?? fallback : fallback;

    private Dictionary<TEnum, double> Values<TEnum>(Dictionary<string, YamlNode> keys, string path, IReadOnlyDictionary<TEnum, double> fallback, string what)
        where TEnum : struct, Enum
    {
        var values = new Dictionary<TEnum, double>(fallback);
        if (Optional(keys, "values") is not YamlMappingNode mapping)
        {
            if (Optional(keys, "values") is { } node)
                Keys(node, $"{path}.values");
            return values;
        }
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key })
                continue;
            var valuePath = $"{path}.values.{key}";
            if (Enum<TEnum>(keyNode, valuePath, what) is { } parsed && Number(valueNode, valuePath, 0, 1, "a number from 0 to 1") is { } value)
                values[parsed] = value;
        }
        return values;
    }

    private ApprovalPolicy Approval(YamlNode node, string path)
    {
        var fallback = ApprovalPolicy.Default;
        if (Keys(node, path, "routes", "emergency", "expiry", "rejectOnFailedEvidence") is not { } keys)
            return fallback;
        var routes = Optional(keys, "routes") is { } r ? Routes(r, $"{path}.routes") : fallback.Routes;
        var emergency = fallback.Emergency;
        if (Optional(keys, "emergency") is { } e && Keys(e, $"{path}.emergency", "route", "quorum") is { } emergencyKeys)
            emergency = Rule(e, emergencyKeys, $"{path}.emergency") ?? emergency;
        var expiry = Optional(keys, "expiry") is { } x ? Duration(x, $"{path}.expiry") ?? fallback.Expiry : fallback.Expiry;
        var reject = Optional(keys, "rejectOnFailedEvidence") is { } b ? Bool(b, $"{path}.rejectOnFailedEvidence") ?? fallback.RejectOnFailedEvidence : fallback.RejectOnFailedEvidence;
        return new ApprovalPolicy(routes, emergency, expiry, reject);
    }

    private IReadOnlyList<ApprovalRule> Routes(YamlNode node, string path)
    {
        var items = Items(node, path).ToList();
        if (node is YamlSequenceNode && items.Count == 0)
            Report(node, path, "'routes' needs at least one route, the last without a maxScore.");
        var routes = new List<ApprovalRule>();
        int? previousMax = null;
        for (var i = 0; i < items.Count; i++)
        {
            var (item, itemPath) = items[i];
            if (Keys(item, itemPath, "route", "maxScore", "quorum") is not { } keys)
                continue;
            var maxNode = Optional(keys, "maxScore");
            var max = maxNode is null ? null : Integer(maxNode, $"{itemPath}.maxScore", 0, 100);
            var last = i == items.Count - 1;
            if (last && maxNode is not null)
                Report(maxNode, $"{itemPath}.maxScore", "The last route must not have a 'maxScore': it takes every score above the routes before it.");
            else if (!last && maxNode is null)
                Report(item, itemPath, $"Route {i + 1} needs a 'maxScore': only the last route may leave it out, as it takes every higher score.");
            else if (max is not null && previousMax is not null && max <= previousMax)
                Report(maxNode!, $"{itemPath}.maxScore", $"'maxScore' {max} must be above the previous route's {previousMax}: routes are ordered by ascending maxScore.");
            previousMax = max ?? previousMax;
            if (Rule(item, keys, itemPath) is { } rule)
                routes.Add(rule with { MaxScore = last ? null : max });
        }
        return routes.Count == 0 ? ApprovalPolicy.Default.Routes : routes;
    }

    private ApprovalRule? Rule(YamlNode item, Dictionary<string, YamlNode> keys, string path)
    {
        if (Required(item, keys, "route", path) is not { } routeNode || Enum<ApprovalRoute>(routeNode, $"{path}.route", "approval route") is not { } route)
            return null;
        var quorumNode = Optional(keys, "quorum");
        var quorum = quorumNode is null ? null : Integer(quorumNode, $"{path}.quorum", 0);
        if (route == ApprovalRoute.Automatic && quorum > 0)
            Report(quorumNode!, $"{path}.quorum", "An automatic route needs no approvals, so its 'quorum' must be 0 or left out.");
        else if (route != ApprovalRoute.Automatic && (quorumNode is null || quorum == 0))
            Report(quorumNode ?? item, $"{path}.quorum", $"A {WireNames.Of(route)} route needs a 'quorum' of at least 1: how many approvals it takes.");
        return new ApprovalRule(route, null, route == ApprovalRoute.Automatic ? 0 : quorum ?? 1);
    }

    private List<PolicyWindow> Windows(YamlNode node, string path)
    {
        var windows = new List<PolicyWindow>();
        var names = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (item, itemPath) in Items(node, path))
        {
            if (Keys(item, itemPath, "name", "kind", "timeZone", "start", "end", "schedule", "duration", "appliesTo") is not { } keys)
                continue;
            var name = UniqueName(item, keys, itemPath, names, "window");
            var kind = Required(item, keys, "kind", itemPath) is { } k ? Enum<WindowKind>(k, $"{itemPath}.kind", "window kind") : null;
            var zone = Optional(keys, "timeZone") is { } z ? TimeZone(z, $"{itemPath}.timeZone") : TimeZoneInfo.Utc;
            var startNode = Optional(keys, "start");
            var endNode = Optional(keys, "end");
            var scheduleNode = Optional(keys, "schedule");
            var durationNode = Optional(keys, "duration");
            var start = startNode is null ? null : LocalTime(startNode, $"{itemPath}.start", zone);
            var end = endNode is null ? null : LocalTime(endNode, $"{itemPath}.end", zone);
            var schedule = scheduleNode is null ? null : Cron(scheduleNode, $"{itemPath}.schedule");
            var duration = durationNode is null ? null : Duration(durationNode, $"{itemPath}.duration");
            var scope = Optional(keys, "appliesTo") is { } a ? Match(a, $"{itemPath}.appliesTo", scopeOnly: true) : ChangeMatch.Any;

            var label = name is null ? "A window" : $"Window '{name}'";
            var oneOff = startNode is not null || endNode is not null;
            if (oneOff && scheduleNode is not null)
                Report(scheduleNode, $"{itemPath}.schedule", $"{label} has both start/end and a schedule: give a one-off 'start' and 'end', or a recurring 'schedule' with a 'duration'.");
            else if (!oneOff && scheduleNode is null)
                Report(item, itemPath, $"{label} has no time: give a one-off 'start' and 'end', or a recurring 'schedule' with a 'duration'.");
            else if (oneOff && (startNode is null || endNode is null))
                Report(item, itemPath, $"{label} needs both 'start' and 'end'.");
            else if (start is not null && end is not null && start >= end)
                Report(startNode!, $"{itemPath}.start", $"'start' {start:yyyy-MM-dd'T'HH:mm} must be before 'end' {end:yyyy-MM-dd'T'HH:mm}.");
            if (scheduleNode is not null && durationNode is null)
                Report(scheduleNode, $"{itemPath}.schedule", $"{label} has a schedule but no 'duration': say how long each occurrence lasts, e.g. 4h.");
            else if (scheduleNode is null && durationNode is not null && oneOff)
                Report(durationNode, $"{itemPath}.duration", $"'duration' belongs to a recurring schedule; a one-off window lasts from 'start' to 'end'.");

            if (name is not null && kind is not null && zone is not null && (schedule is not null && duration is not null || start is not null && end is not null))
                windows.Add(new PolicyWindow(name, kind.Value, zone, start, end, schedule, duration, scope));
        }
        return windows;
    }

    private PromotionPolicy Promotion(YamlNode node, string path)
    {
        var fallback = PromotionPolicy.Default;
        if (Keys(node, path, "successes", "withinDays") is not { } keys)
            return fallback;
        return new PromotionPolicy(Integer(keys, "successes", path, fallback.Successes, 1), Integer(keys, "withinDays", path, fallback.WithinDays, 1));
    }

    private string? UniqueName(YamlNode item, Dictionary<string, YamlNode> keys, string path, Dictionary<string, YamlNode> seen, string what)
    {
        if (Required(item, keys, "name", path) is not { } node || Text(node, $"{path}.name") is not { } name)
            return null;
        if (seen.TryGetValue(name, out var first))
        {
            Report(node, $"{path}.name", $"The {what} name '{name}' is already used at line {first.Start.Line}; names must be unique.");
            return null;
        }
        seen[name] = node;
        return name;
    }

    // Scalars and shapes.

    /// <summary>The values of a mapping by key, or null (reported) when it is not a mapping; unknown keys are reported and left out.</summary>
    private Dictionary<string, YamlNode>? Keys(YamlNode node, string path, params string[] known)
    {
        if (IsNull(node))
            return [];
        if (node is not YamlMappingNode mapping)
        {
            Report(node, path, $"'{NameOf(path)}' must be a mapping of keys to values, not {Describe(node)}.");
            return null;
        }
        var keys = new Dictionary<string, YamlNode>();
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            var keyPath = path.Length == 0 ? key : $"{path}.{key}";
            if (key is null)
                Report(keyNode, path, $"Keys in '{NameOf(path)}' must be plain words, not {Describe(keyNode)}.");
            else if (known.Length > 0 && !known.Contains(key, StringComparer.Ordinal))
                Report(keyNode, keyPath!, UnknownKey(key, path, known));
            else
                keys[key] = value;
        }
        return keys;
    }

    private static string UnknownKey(string key, string path, string[] known)
    {
        var where = path.Length == 0 ? "at the top level" : $"in '{path}'";
        var closest = known.Select(k => (Key: k, Distance: Distance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(1, Math.Min(3, k.Key.Length / 3)))
            .OrderBy(k => k.Distance)
            .FirstOrDefault().Key;
        return closest is not null
            ? $"Unknown key '{key}' {where}; did you mean '{closest}'?"
            : $"Unknown key '{key}' {where}; the known keys are {string.Join(", ", known)}.";
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static YamlNode? Optional(Dictionary<string, YamlNode> keys, string key) =>
        keys.TryGetValue(key, out var node) && !IsNull(node) ? node : null;

    private YamlNode? Required(YamlNode parent, Dictionary<string, YamlNode> keys, string key, string path)
    {
        if (keys.TryGetValue(key, out var node) && !IsNull(node))
            return node;
        var where = path.Length == 0 ? "" : $" in '{path}'";
        Report(node ?? parent, path.Length == 0 ? key : $"{path}.{key}", $"'{key}' is missing{where}.");
        return null;
    }

    private IEnumerable<(YamlNode Item, string Path)> Items(YamlNode node, string path)
    {
        if (node is not YamlSequenceNode sequence)
        {
            Report(node, path, $"'{NameOf(path)}' must be a list, not {Describe(node)}.");
            return [];
        }
        return sequence.Children.Select((item, i) => (item, $"{path}[{i}]"));
    }

    private List<T> Each<T>(YamlNode node, string path, Func<YamlNode, string, T?> read)
        where T : struct =>
        Items(node, path).Select(i => read(i.Item, i.Path)).OfType<T>().ToList();

    private List<string> Strings(YamlNode node, string path) =>
        Items(node, path).Select(i => Text(i.Item, i.Path)).OfType<string>().ToList();

    private string? Text(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
            return value;
        Report(node, path, $"'{NameOf(path)}' must be a text, not {Describe(node)}.");
        return null;
    }

    private double? Number(YamlNode node, string path, double min, double max, string expected, bool exclusiveMin = false)
    {
        if (node is YamlScalarNode { Value: { } text }
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max)
            return value;
        Report(node, path, $"'{NameOf(path)}' must be {expected}, not {Describe(node)}.");
        return null;
    }

    private int? Integer(YamlNode node, string path, int min, int max = int.MaxValue)
    {
        if (node is YamlScalarNode { Value: { } text }
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        var expected = max == int.MaxValue ? $"a whole number of at least {min}" : $"a whole number from {min} to {max}";
        Report(node, path, $"'{NameOf(path)}' must be {expected}, not {Describe(node)}.");
        return null;
    }

    private bool? Bool(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value))
            return value;
        Report(node, path, $"'{NameOf(path)}' must be true or false, not {Describe(node)}.");
        return null;
    }

    private TEnum? Enum<TEnum>(YamlNode node, string path, string what)
        where TEnum : struct, Enum
    {
        if (node is YamlScalarNode { Value: var text } && WireNames.TryParse<TEnum>(text, out var value))
            return value;
        Report(node, path, $"{Describe(node, capital: true)} is not a known {what}; use one of {string.Join(", ", WireNames.All<TEnum>())}.");
        return null;
    }

    private string? OneOf(YamlNode node, string path, string[] allowed, string what)
    {
        if (node is YamlScalarNode { Value: { } text } && allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase)) is { } value)
            return value;
        Report(node, path, $"{Describe(node, capital: true)} is not a known {what}; use one of {string.Join(", ", allowed)}.");
        return null;
    }

    private TimeSpan? Duration(YamlNode node, string path)
    {
        if (node is YamlScalarNode { Value: { } text } && PolicyDuration.TryParse(text, out var duration))
            return duration;
        Report(node, path, $"'{NameOf(path)}' must be a duration such as 30s, 15m, 72h, 2d or 1h30m, not {Describe(node)}.");
        return null;
    }

    private TimeZoneInfo? TimeZone(YamlNode node, string path)
    {
        if (Text(node, path) is not { } id)
            return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            Report(node, path, $"Unknown time zone '{id}'; use an IANA time zone such as Europe/London, America/New_York or UTC.");
            return null;
        }
    }

    private static readonly string[] _localTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];

    private DateTime? LocalTime(YamlNode node, string path, TimeZoneInfo? zone)
    {
        if (node is not YamlScalarNode { Value: { } text }
            || !DateTime.TryParseExact(text, _localTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            Report(node, path, $"'{NameOf(path)}' must be a local date and time such as 2026-12-21T00:00, not {Describe(node)}.");
            return null;
        }
        if (zone is not null && zone.IsInvalidTime(time))
        {
            Report(node, path, $"{text} does not exist in {zone.Id}: the clocks skip that hour.");
            return null;
        }
        return time;
    }

    private CronExpression? Cron(YamlNode node, string path)
    {
        if (Text(node, path) is not { } text)
            return null;
        try
        {
            return CronExpression.Parse(text, CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            Report(node, path, $"'{NameOf(path)}' must be a 5-field cron expression (minute hour day-of-month month day-of-week) such as \"0 2 * * SAT\", not '{text}': {e.Message}");
            return null;
        }
    }

    private void Report(YamlNode node, string path, string message) =>
        _problems.Add(new PolicyProblem((int)node.Start.Line, (int)node.Start.Column, path, message));

    private static string NameOf(string path)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        return bracket > 0 && !path.EndsWith(']') ? name[..bracket] : name;
    }

    private static string Describe(YamlNode node, bool capital = false) => node switch
    {
        YamlScalarNode { Value: var text } => $"'{text}'",
        YamlSequenceNode => capital ? "A list" : "a list",
        _ => capital ? "A mapping" : "a mapping",
    };
}
