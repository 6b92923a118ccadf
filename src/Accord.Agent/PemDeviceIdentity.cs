using Accord.Core.Attestation;

namespace Accord.Agent;

/// <summary>A device identity held as a key and chain (from `accord ca issue-device`, a PEM file) as the agent's signer.</summary>
public sealed class PemDeviceIdentity(DeviceIdentity identity) : IDeviceIdentity
{
    public string DeviceId => identity.DeviceId;

    public byte[] SignDer(ReadOnlySpan<byte> message) => identity.SignDer(message);
}
