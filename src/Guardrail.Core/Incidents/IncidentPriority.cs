namespace Guardrail.Core.Incidents;

/// <summary>How widely an incident hurts: many users or a critical service (high) down to one person or a workaround (low).</summary>
public enum IncidentImpact
{
    High,
    Medium,
    Low,
}

/// <summary>How soon the impact must end: the business cannot wait (high) down to it can wait (low).</summary>
public enum IncidentUrgency
{
    High,
    Medium,
    Low,
}

/// <summary>P1 is the most pressing; the priority sets the SLA targets.</summary>
public enum IncidentPriority
{
    P1,
    P2,
    P3,
    P4,
    P5,
}

/// <summary>Where an incident's priority came from: the impact × urgency matrix, a person's override (with a reason), or an alert's severity.</summary>
public enum PrioritySource
{
    Matrix,
    Override,
    Alert,
}
