// DMTF DSP0274 SPDM 1.1 GET_MEASUREMENTS / MEASUREMENTS layout (NVIDIA form): parsing the real
// H100 report, building simulated reports, and refusing every malformed or tampered one.
using Accord.Core.Attestation;
using Accord.DevTools;

namespace Accord.Core.Tests.Attestation;

public sealed class SpdmMeasurementReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<TestManufacturer> Maker = new(() => TestManufacturer.Create("Sim", Now.AddDays(-30)));

    private static readonly Lazy<DeviceIdentity> Device = new(() => Maker.Value.IssueDevice("SIM-0001", Now.AddDays(-1)));

    private static readonly byte[] Nonce = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    private static readonly byte[] ResponderNonce = [.. Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i))];

    private static readonly Lazy<byte[]> Simulated = new(() => Build(Device.Value));

    public static TheoryData<int> SimulatedOffsets()
    {
        var data = new TheoryData<int>();
        for (var offset = 0; offset < Simulated.Value.Length; offset += 7)
        {
            data.Add(offset);
        }

        data.Add(Simulated.Value.Length - 1);
        return data;
    }

    [Fact]
    public void Parse_NvidiaReport_ReadsEveryField()
    {
        // Arrange
        var bytes = NvidiaSample.Report;

        // Act
        var report = SpdmMeasurementReport.Parse(bytes);

        // Assert
        Assert.Equal(NvidiaSample.RequestNonce, report.RequestNonce);
        Assert.Equal(64, report.Measurements.Count);
        Assert.Equal(Enumerable.Range(1, 64).Select(i => (byte)i), report.Measurements.Select(m => m.Index));
        Assert.All(report.Measurements, m => Assert.Equal(MeasurementBlock.DmtfSpecification, m.Specification));
        Assert.All(report.Measurements, m => Assert.Equal(48, m.Value.Length));
        Assert.All(report.Measurements, m => Assert.Equal(0x01, m.DmtfValueType));
        Assert.Equal(14, report.Opaque.Count);
        Assert.Equal(422, report.Opaque.Sum(f => 4 + f.Value.Length));
        Assert.Equal("550.90.07\0", System.Text.Encoding.ASCII.GetString(report.FindOpaque(OpaqueField.DriverVersion)!.Value));
        Assert.Equal(32, report.ResponderNonce.Length);
        Assert.Equal(96, report.Signature.Length);
        Assert.Equal(4117 - 96, report.SignedBytes.Length);
        Assert.Equal(0xFF, report.RequestedMeasurement);
        Assert.Equal(0, report.SlotId);
    }

    [Fact]
    public void Build_NvidiaContentResignedBySameLayout_ReproducesSignedBytes()
    {
        // Arrange
        var original = SpdmMeasurementReport.Parse(NvidiaSample.Report);

        // Act
        var rebuilt = SpdmMeasurementReport.Build(original.RequestNonce, original.Measurements, original.ResponderNonce, original.Opaque, _ => original.Signature);

        // Assert: the builder writes the exact NVIDIA layout, byte for byte.
        Assert.Equal(NvidiaSample.Report, rebuilt);
    }

    [Fact]
    public void Verify_SimulatedReportBuiltAndSignedRaw_IsValid()
    {
        // Arrange
        var report = Simulated.Value;

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, Device.Value.ChainDer, TrustSnapshot.Of([Maker.Value.RootDer]), Nonce, Now);

        // Assert
        Assert.True(result.Valid, result.Message);
        Assert.Equal("SIM-0001", result.DeviceId);
        Assert.Equal(3, result.Measurements.Count);
        Assert.Equal([0xAA, 0xBB], result.Measurements[2].Value);
        Assert.Equal(0x02, result.Measurements[2].Specification);
        Assert.Equal(0x85, result.Measurements[1].DmtfValueType);
        Assert.Contains("fwid: skipped", result.Steps[^1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SimulatedOffsets))]
    public void Verify_SimulatedReportWithOneBitFlipped_IsRefused(int offset)
    {
        // Arrange
        var report = (byte[])Simulated.Value.Clone();
        report[offset] ^= (byte)(1 << (offset % 8));

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, Device.Value.ChainDer, TrustSnapshot.Of([Maker.Value.RootDer]), Nonce, Now);

        // Assert
        Assert.False(result.Valid);
        var expected = offset is >= 4 and < 36
            ? [AttestationReasons.NonceMismatch]
            : new[] { AttestationReasons.BadSignature, AttestationReasons.Malformed };
        Assert.Contains(result.Reason, expected);
    }

    [Fact]
    public void Verify_SimulatedReportSignedByAnotherDevice_RefusedBadSignature()
    {
        // Arrange
        var other = Maker.Value.IssueDevice("SIM-0002", Now.AddDays(-1));
        var report = Build(other);

        // Act
        var result = SpdmEvidenceVerifier.Verify(report, Device.Value.ChainDer, TrustSnapshot.Of([Maker.Value.RootDer]), Nonce, Now);

        // Assert
        Assert.Equal(AttestationReasons.BadSignature, result.Reason);
    }

    [Theory]
    [InlineData(0, 0x12, "request SPDMVersion")]
    [InlineData(1, 0xE1, "GET_MEASUREMENTS")]
    [InlineData(2, 0x00, "signature")]
    [InlineData(37, 0x10, "response SPDMVersion")]
    [InlineData(38, 0x61, "MEASUREMENTS")]
    [InlineData(41, 0x04, "measurement block")]
    [InlineData(42, 0xFF, "MeasurementRecordLength")]
    public void Parse_CorruptedHeaderField_RefusedMalformedNamingIt(int offset, byte value, string named)
    {
        // Arrange
        var report = (byte[])Simulated.Value.Clone();
        report[offset] = value;

        // Act
        var e = Assert.Throws<AttestationException>(() => SpdmMeasurementReport.Parse(report));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(36)]
    [InlineData(100)]
    public void Parse_TruncatedReport_RefusedMalformed(int length)
    {
        // Arrange
        var report = Simulated.Value[..length];

        // Act
        var e = Assert.Throws<AttestationException>(() => SpdmMeasurementReport.Parse(report));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
    }

    [Fact]
    public void Parse_ExtraTrailingByte_RefusedMalformed()
    {
        // Arrange
        byte[] report = [.. Simulated.Value, 0x00];

        // Act
        var e = Assert.Throws<AttestationException>(() => SpdmMeasurementReport.Parse(report));

        // Assert
        Assert.Equal(AttestationReasons.Malformed, e.Reason);
    }

    [Fact]
    public void Parse_DuplicateMeasurementIndex_RefusedMalformed()
    {
        // Arrange
        MeasurementBlock[] blocks = [new(1, 1, new byte[48]), new(1, 1, new byte[48])];
        var report = SpdmMeasurementReport.Build(Nonce, blocks, ResponderNonce, [], m => Device.Value.SignRaw(m));

        // Act
        var e = Assert.Throws<AttestationException>(() => SpdmMeasurementReport.Parse(report));

        // Assert
        Assert.Contains("appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SignerReturningDer_Throws()
    {
        // Arrange
        MeasurementBlock[] blocks = [new(1, 1, new byte[48])];

        // Act + Assert
        Assert.Throws<ArgumentException>(() => SpdmMeasurementReport.Build(Nonce, blocks, ResponderNonce, [], m => Device.Value.SignDer(m)));
    }

    private static byte[] Build(DeviceIdentity device)
    {
        MeasurementBlock[] blocks =
        [
            new(1, MeasurementBlock.DmtfSpecification, [.. Enumerable.Repeat((byte)0x11, 48)]),
            new(2, MeasurementBlock.DmtfSpecification, [.. Enumerable.Repeat((byte)0x22, 48)]) { DmtfValueType = 0x85 },
            new(3, 0x02, [0xAA, 0xBB]),
        ];
        OpaqueField[] opaque = [new(OpaqueField.DriverVersion, "550.90.07\0"u8.ToArray()), new(OpaqueField.Project, "1010\0"u8.ToArray())];
        return SpdmMeasurementReport.Build(Nonce, blocks, ResponderNonce, opaque, device.SignRaw);
    }
}
