// SPDM 1.2 GET_MEASUREMENTS responses (DSP0274) of a simulated device: fixed measurement blocks over a
// verifier's nonce, signed with the device identity's ECDSA P-384 key.
using System.Security.Cryptography;
using System.Text;
using Accord.Core.Attestation;

namespace Accord.DevTools;

/// <summary>The SPDM evidence a simulated device produces for a challenge, for `accord device enrol --evidence simulate`, the demo and the benchmarks.</summary>
public static class SimulatedSpdmEvidence
{
    /// <summary>Four fixed measurement blocks (SHA-384 of "device/firmware/i") over <paramref name="nonce"/>, signed with <paramref name="identity"/>'s key.</summary>
    public static byte[] Build(DeviceIdentity identity, byte[] nonce)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var measurements = Enumerable.Range(1, 4)
            .Select(i => new MeasurementBlock((byte)i, 0x01, SHA384.HashData(Encoding.UTF8.GetBytes($"{identity.DeviceId}/firmware/{i}"))))
            .ToList();
        return SpdmMeasurementReport.Build(nonce, measurements, RandomNumberGenerator.GetBytes(32), [], identity.SignRaw);
    }
}
