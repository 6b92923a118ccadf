namespace Accord.Grains.Negotiations;

/// <summary>What one negotiation session may cost the server (configuration section "Accord:Server:Negotiation").</summary>
public sealed class NegotiationOptions
{
    /// <summary>
    /// The most outcomes (the product of every issue's value count) a session's domain may have. Agents and the
    /// mediator's analysis work over the outcome space, so its size is what a session costs; a few hundred bytes
    /// of JSON can describe millions of outcomes. Default 100,000 (the shipped domains have a few hundred).
    /// </summary>
    public long MaxOutcomes { get; set; } = 100_000;
}
