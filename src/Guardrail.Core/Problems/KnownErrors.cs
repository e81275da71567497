using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Guardrail.Core.Common;
using Guardrail.Core.Incidents;
using Guardrail.Core.Persistence;
using Guardrail.Core.ServiceCatalog;
using Microsoft.EntityFrameworkCore;

namespace Guardrail.Core.Problems;

/// <summary>A known error found by a search, with the words that matched; <see cref="Score"/> is how many.</summary>
public sealed record KnownErrorMatch(Problem Problem, IReadOnlyList<string> MatchedTerms)
{
    public int Score => MatchedTerms.Count;
}

/// <summary>
/// The known-error list: problems analysed but not yet fixed, searched by words over their title, symptoms and workaround
/// and by the services they affect, and matched to an incident so its responders find the workaround while they work it.
/// </summary>
public sealed partial class KnownErrors(GuardrailDb db, ServiceCatalogIndex catalog)
{
    /// <summary>The most known errors one search returns.</summary>
    public const int MaxResults = 200;

    /// <summary>The most known errors offered for one incident.</summary>
    public const int MaxForIncident = 20;

    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "from", "not", "are", "was", "were", "has", "have", "had", "into", "onto", "but", "this", "that",
        "its", "after", "before", "when", "while", "during", "all", "any", "some", "can", "cannot", "does", "did", "our", "via",
    };

    /// <summary>Known errors in which every word of <paramref name="search"/> appears, of <paramref name="service"/> when given; newest first.</summary>
    public async Task<Result<IReadOnlyList<KnownErrorMatch>>> SearchAsync(string? search, string? service, CancellationToken cancellationToken)
    {
        var problems = Listed();
        if (service is not null)
        {
            if (catalog.Find(RecordReference.Parse(service)) is not { } found)
                return Error.Invalid("service", $"No service has the key '{service}'.");
            problems = problems.Where(p => p.Services.Any(l => l.ServiceId == found.Id));
        }
        var terms = Words(search);
        var rows = await MatchingEveryTerm(problems, terms)
            .OrderByDescending(p => p.KnownErrorAt).ThenByDescending(p => p.Id).Take(MaxResults).AsSplitQuery().ToListAsync(cancellationToken);
        return rows.Select(p => new KnownErrorMatch(p, terms)).ToList();
    }

    /// <summary>
    /// Known errors for an incident: those affecting its services (any, when it names none) in which words of its title
    /// appear, the most words first.
    /// </summary>
    public async Task<Result<IReadOnlyList<KnownErrorMatch>>> ForIncidentAsync(string incidentReference, CancellationToken cancellationToken)
    {
        var incident = RecordNumber.Incident.TryParse(incidentReference, out var id)
            ? await db.Incidents.AsNoTracking().Include(i => i.Services).FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            : null;
        if (incident is null)
            return Error.NotFound("incident", incidentReference);
        return (await ForIncidentAsync(incident, cancellationToken)).ToList();
    }

    public async Task<IReadOnlyList<KnownErrorMatch>> ForIncidentAsync(Incident incident, CancellationToken cancellationToken)
    {
        var terms = Terms(incident.Title);
        if (terms.Count == 0)
            return [];
        var serviceIds = incident.Services.Select(l => l.ServiceId).ToList();
        var problems = Listed();
        if (serviceIds.Count > 0)
            problems = problems.Where(p => p.Services.Any(l => serviceIds.Contains(l.ServiceId)));
        problems = problems.Where(MatchingAnyTerm(terms));
        var candidates = await problems.OrderByDescending(p => p.KnownErrorAt).Take(MaxResults).AsSplitQuery().ToListAsync(cancellationToken);
        return [.. candidates
            .Select(p => new KnownErrorMatch(p, [.. terms.Where(term => Contains(p, term))]))
            .Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score).ThenByDescending(m => m.Problem.KnownErrorAt)
            .Take(MaxForIncident)];
    }

    /// <summary>The distinct lower-case words of a search, every one of which a match must contain.</summary>
    public static IReadOnlyList<string> Words(string? text) =>
        text is null ? [] : [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Distinct()];

    /// <summary>The words of an incident's title that say something: three letters or more, no common English filler.</summary>
    public static IReadOnlyList<string> Terms(string? text) => [.. Words(text).Where(w => w.Length >= 3 && !s_stopWords.Contains(w))];

    /// <summary>The problems in whose title, symptoms or workaround every term appears.</summary>
    internal static IQueryable<Problem> MatchingEveryTerm(IQueryable<Problem> problems, IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
            problems = problems.Where(p => p.Title.ToLower().Contains(term)
                || (p.Symptoms != null && p.Symptoms.ToLower().Contains(term))
                || (p.Workaround != null && p.Workaround.ToLower().Contains(term)));
        return problems;
    }

    private static Expression<Func<Problem, bool>> MatchingAnyTerm(IReadOnlyList<string> terms)
    {
        var problem = Expression.Parameter(typeof(Problem), "p");
        Expression? any = null;
        foreach (var term in terms)
        {
            Expression<Func<Problem, bool>> matches = p => p.Title.ToLower().Contains(term)
                || (p.Symptoms != null && p.Symptoms.ToLower().Contains(term))
                || (p.Workaround != null && p.Workaround.ToLower().Contains(term));
            var body = new ParameterReplacer(matches.Parameters[0], problem).Visit(matches.Body);
            any = any is null ? body : Expression.OrElse(any, body);
        }
        return Expression.Lambda<Func<Problem, bool>>(any!, problem);
    }

    private static bool Contains(Problem problem, string term) =>
        problem.Title.Contains(term, StringComparison.OrdinalIgnoreCase)
        || (problem.Symptoms?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false)
        || (problem.Workaround?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false);

    private IQueryable<Problem> Listed() =>
        db.Problems.AsNoTracking().Include(p => p.Services).ThenInclude(l => l.Service).Include(p => p.FixChange)
            .Where(p => p.State == ProblemState.KnownError);

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}_\-]*")]
    private static partial Regex WordPattern();

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to)
        : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == from ? to : base.VisitParameter(node);
    }
}
