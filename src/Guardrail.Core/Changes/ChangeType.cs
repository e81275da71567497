namespace Guardrail.Core.Changes;

/// <summary>The three ITIL change types.</summary>
public enum ChangeType
{
    /// <summary>Pre-authorised: it matches a standard model of the policy and is approved automatically.</summary>
    Standard,

    /// <summary>Risk-assessed; the score decides who must approve it.</summary>
    Normal,

    /// <summary>Expedited to restore or protect a service; passes freezes with a recorded justification and is reviewed after the fact.</summary>
    Emergency,
}
