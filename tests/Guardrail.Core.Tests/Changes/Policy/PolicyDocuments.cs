namespace Guardrail.Core.Tests.Changes.Policy;

/// <summary>Policy documents for the tests; <see cref="Header"/> takes lines 1 to 5, so a spec body starts on line 6.</summary>
internal static class PolicyDocuments
{
    public const string Header = """
        apiVersion: guardrail/v1
        kind: ChangePolicy
        metadata:
          name: test
        spec:

        """;

    public static string WithSpec(string body) => Header + body + "\n";

    /// <summary>Every section of the format, as in the contract.</summary>
    public const string Full = """
        apiVersion: guardrail/v1
        kind: ChangePolicy
        metadata:
          name: full
          description: every section
        spec:
          standardModels:
            - name: non-production
              description: docs and payments outside production
              match:
                services: ["docs-*", "payments-api"]
                environmentTiers: [staging, test, development]
                models: [deployment]
                maxCommits: 20
                evidence: { tests: passed }
            - name: prod-config
              match:
                environments: [prod-eu]
                models: [config]
          risk:
            factors:
              environmentTier:    { weight: 25, values: { production: 1, staging: 0.3, test: 0.1, development: 0 } }
              serviceCriticality: { weight: 20, values: { tier1: 1, tier2: 0.6, tier3: 0.3, tier4: 0.1 } }
              blastRadius:        { weight: 15, downstreamCisAt: 50, businessServicesAt: 3 }
              changeSize:         { weight: 10, commitsAt: 20, filesAt: 50, linesAt: 1000, unknown: 0.5 }
              recentFailureRate:  { weight: 15, days: 30, rateAt: 0.3, minimumChanges: 5, unknown: 0.3 }
              timing:             { weight: 10, insideMaintenance: 0, outsideMaintenance: 1 }
              evidence:           { weight: 15, required: [tests, scan] }
              emergency:          { weight: 10 }
          approval:
            routes:
              - { route: automatic, maxScore: 30 }
              - { route: service-owner, maxScore: 60, quorum: 1 }
              - { route: cab, quorum: 2 }
            emergency: { route: cab, quorum: 1 }
            expiry: 1h30m
            rejectOnFailedEvidence: true
          windows:
            - name: year-end-freeze
              kind: freeze
              timeZone: Europe/London
              start: 2026-12-21T00:00
              end: 2027-01-04T00:00
              appliesTo: { environmentTiers: [production] }
            - name: data-centre-move
              kind: blackout
              start: 2026-11-01T00:00
              end: 2026-11-02T00:00
              appliesTo: { environments: [prod-eu] }
            - name: weekend-maintenance
              kind: maintenance
              timeZone: Europe/Berlin
              schedule: "0 2 * * SAT"
              duration: 4h
              appliesTo: { services: ["payments-*"], environmentTiers: [production] }
          promotion:
            successes: 12
            withinDays: 60
        """;
}
