namespace Accord.Core.Registry;

/// <summary>
/// One reason a request was refused, attached to the field that caused it.
/// </summary>
/// <param name="Field">The proto field path, e.g. <c>terms.pause_window.ends_at</c> or <c>party_ids[2]</c>.</param>
/// <param name="Description">What is wrong, in words a client can show.</param>
public sealed record FieldViolation(string Field, string Description);
