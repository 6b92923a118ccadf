using Accord.Core.Attestation;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Common;
using Accord.Grains.Log;

namespace Accord.Grains.Devices;

/// <summary>The manufacturer roots and revocations inspectors configure; each change is logged.</summary>
public sealed class TrustStoreGrain(
    [PersistentState("trust", AccordStorage.Name)] IPersistentState<TrustState> state,
    IWireFormat wire,
    TimeProvider time) : Grain, ITrustStoreGrain
{
    public async Task<Outcome<TrustRootEntry>> AddRoot(string inspectorId, byte[] der, string label, StoredEnvelope envelope, CancellationToken cancellationToken = default)
    {
        DeviceCertificate certificate;
        try
        {
            certificate = DeviceCertificate.Parse(der);
        }
        catch (AttestationException e)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "MALFORMED_CERTIFICATE", $"not an X.509 certificate: {e.Message}", "certificate_der");
        }

        if (!certificate.IsCa)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "NOT_A_CA", $"'{certificate.Subject}' is not a CA certificate", "certificate_der");
        }

        if (state.State.Roots.Any(r => r.Sha256 == certificate.Sha256))
        {
            return Rejection.Of(RejectionCode.AlreadyExists, "ROOT_EXISTS", $"root {certificate.Sha256} is already trusted", "certificate_der");
        }

        var receipt = await GrainFactory.LogAsync(wire, envelope, cancellationToken);
        var entry = new TrustRootEntry
        {
            Sha256 = certificate.Sha256,
            Subject = certificate.Subject,
            Label = label,
            AddedBy = inspectorId,
            AddedAt = time.GetUtcNow(),
            Der = certificate.Der,
            Envelope = envelope,
        };
        state.State = state.State with { Roots = state.State.Roots.Add(entry) };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<TrustRootEntry>.Ok(entry, receipt);
    }

    public async Task<Outcome<RevocationEntry>> Revoke(string inspectorId, string sha256, string reason, StoredEnvelope envelope, CancellationToken cancellationToken = default)
    {
        if (state.State.Revocations.Any(r => r.Sha256 == sha256))
        {
            return Rejection.Of(RejectionCode.AlreadyExists, "ALREADY_REVOKED", $"certificate {sha256} is already revoked", "certificate_sha256");
        }

        if (TrustRules.CheckRevocation(inspectorId, sha256, state.State.Roots.FirstOrDefault(r => r.Sha256 == sha256)?.AddedBy) is { } refusal)
        {
            return refusal;
        }

        var receipt = await GrainFactory.LogAsync(wire, envelope, cancellationToken);
        var entry = new RevocationEntry { Sha256 = sha256, Reason = reason, RevokedBy = inspectorId, RevokedAt = time.GetUtcNow(), Envelope = envelope };
        state.State = state.State with { Revocations = state.State.Revocations.Add(entry) };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<RevocationEntry>.Ok(entry, receipt);
    }

    public async Task<Outcome<RevocationEntry>> Reinstate(string sha256, CancellationToken cancellationToken = default)
    {
        if (state.State.Revocations.FirstOrDefault(r => r.Sha256 == sha256) is not { } revocation)
        {
            return Rejection.Of(RejectionCode.NotFound, "NOT_REVOKED", $"certificate {sha256} is not revoked", "reinstate_certificate.certificate_sha256");
        }

        state.State = state.State with { Revocations = state.State.Revocations.Remove(revocation) };
        await state.WriteStateAsync(cancellationToken);
        return Outcome<RevocationEntry>.Ok(revocation);
    }

    public Task<TrustState> Get() => Task.FromResult(state.State);
}
