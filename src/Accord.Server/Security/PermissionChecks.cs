using Accord.Core.Parties;
using Accord.Grains.Abstractions.Parties;
using Accord.Server.Grpc;

namespace Accord.Server.Security;

/// <summary>
/// Asks <see cref="Permissions"/> (the one table of who may do what) about an authenticated party, and answers a
/// refusal as the RpcException clients see: PERMISSION_DENIED with its reason and message.
/// </summary>
public static class PermissionChecks
{
    /// <summary>Throws unless <paramref name="party"/> may do <paramref name="action"/> (on <paramref name="subject"/>, when given).</summary>
    public static void Require(PartyState party, PartyAction action, PermissionSubject? subject = null)
    {
        ArgumentNullException.ThrowIfNull(party);
        if (Permissions.Check(action, party.ToActingParty(), subject) is { } refusal)
        {
            throw RpcErrors.From(refusal);
        }
    }

    /// <summary>Whether <paramref name="party"/> may do <paramref name="action"/> (on <paramref name="subject"/>, when given).</summary>
    public static bool Allows(PartyState party, PartyAction action, PermissionSubject? subject = null)
    {
        ArgumentNullException.ThrowIfNull(party);
        return Permissions.Allows(action, party.ToActingParty(), subject);
    }
}
