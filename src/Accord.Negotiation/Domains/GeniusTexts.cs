namespace Accord.Negotiation.Domains;

/// <summary>A GENIUS domain as text: the domain XML, each party's profile XML under its name (in party order), and the domain's name when its file gives one.</summary>
public sealed record GeniusTexts(string DomainXml, IReadOnlyList<(string Name, string Xml)> Profiles, string? Name);
