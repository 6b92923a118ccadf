using System.Security.Cryptography;
using System.Text;
using Accord.Agent.Chips;
using Accord.Agent.Reports;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Google.Protobuf;

namespace Accord.Agent.Tests.Reports;

public sealed class MonitoringReportsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Challenge = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static ReportSlot Slot(ulong sequence = 7) => new("GPU-0001", 1_780_000_000, sequence, Start, Challenge);

    [Fact]
    public void Build_FromSlotAndSample_FillsEveryField()
    {
        var sample = new ChipSample(50, 0.8, 612.5, "run-42", ["GPU-0002", "GPU-0003"]);

        var report = MonitoringReports.Build(Slot(), Start.AddSeconds(60), sample, DeviceModel.H100Sxm);

        Assert.Equal("GPU-0001", report.DeviceId);
        Assert.Equal(1_780_000_000UL, report.BootEpoch);
        Assert.Equal(7UL, report.Sequence);
        Assert.Equal(Start, report.IntervalStart.ToDateTimeOffset());
        Assert.Equal(Start.AddSeconds(60), report.IntervalEnd.ToDateTimeOffset());
        Assert.Equal("run-42", report.WorkloadId);
        Assert.Equal(50, report.ActiveSeconds);
        Assert.Equal(0.8, report.Utilization);
        Assert.Equal(612.5, report.PowerWatts);
        Assert.Equal(Precision.Bf16, report.Precision);
        Assert.Equal(Challenge, report.LastChallengeNonce.ToByteArray());
    }

    [Theory]
    [InlineData(Precision.Bf16, 989.4e12)]
    [InlineData(Precision.Fp8, 1978.9e12)]
    public void Build_EstimatedFlop_IsActiveSecondsTimesPeakTimesUtilization(Precision precision, double peak)
    {
        var sample = new ChipSample(50, 0.8, 600, "run-42", []);

        var report = MonitoringReports.Build(Slot(), Start.AddSeconds(60), sample, DeviceModel.H100Sxm, precision);

        Assert.Equal(50 * peak * 0.8, report.EstimatedFlop);
        Assert.Equal(precision, report.Precision);
    }

    [Fact]
    public void Build_OutOfRangeSample_IsClampedToTheInterval()
    {
        var sample = new ChipSample(90, 1.5, double.NaN, "run", []);

        var report = MonitoringReports.Build(Slot(), Start.AddSeconds(60), sample, DeviceModel.H100Sxm);

        Assert.Equal(60, report.ActiveSeconds);
        Assert.Equal(1, report.Utilization);
        Assert.Equal(0, report.PowerWatts);
        Assert.Equal(60 * 989.4e12, report.EstimatedFlop);
    }

    [Fact]
    public void Build_Peers_AreSha256OfTheirUtf8Ids()
    {
        var sample = new ChipSample(10, 0.5, 300, "run", ["GPU-0002", "gpu-ü"]);

        var report = MonitoringReports.Build(Slot(), Start.AddSeconds(60), sample, DeviceModel.H100Sxm);

        Assert.Equal(
            [SHA256.HashData(Encoding.UTF8.GetBytes("GPU-0002")), SHA256.HashData(Encoding.UTF8.GetBytes("gpu-ü"))],
            report.PeerDeviceHashes.Select(h => h.ToByteArray()));
    }

    [Fact]
    public void Build_EmptyInterval_Throws() =>
        Assert.Throws<ArgumentException>(() => MonitoringReports.Build(Slot(), Start, ChipSample.Empty, DeviceModel.H100Sxm));

    [Fact]
    public void Build_ModelWithoutPeak_Throws() =>
        Assert.Throws<ArgumentException>(() => MonitoringReports.Build(Slot(), Start.AddSeconds(1), ChipSample.Empty, DeviceModel.A100Sxm));

    [Fact]
    public void Sign_Report_VerifiesWithTheReportingKeyOverTheBytesSent()
    {
        using var reportingKey = PartyKeyPair.Generate();
        using var otherKey = PartyKeyPair.Generate();
        var report = MonitoringReports.Build(Slot(), Start.AddSeconds(60), new ChipSample(10, 0.5, 300, "run", []), DeviceModel.H100Sxm);

        var envelope = MonitoringReports.Sign(report, reportingKey);
        var received = Envelope.Parser.ParseFrom(envelope.ToByteArray());
        var core = new SignedEnvelope(received.PayloadType, received.Payload.ToByteArray(),
            received.Signatures.Select(s => new EnvelopeSignature(s.KeyId, s.Sig.ToByteArray())).ToList());

        Assert.Equal("accord.v1.MonitoringReport", received.PayloadType);
        Assert.Equal(EnvelopeCheck.Valid, EnvelopeVerifier.Verify(core, reportingKey.PublicKey));
        Assert.Equal(EnvelopeCheck.NoSignatureForKey, EnvelopeVerifier.Verify(core, otherKey.PublicKey));
        Assert.Equal(report, MonitoringReport.Parser.ParseFrom(received.Payload));

        var tampered = core with { Payload = [.. core.Payload[..^1], (byte)(core.Payload[^1] ^ 1)] };
        Assert.Equal(EnvelopeCheck.BadSignature, EnvelopeVerifier.Verify(tampered, reportingKey.PublicKey));
    }

    [Fact]
    public void PeakFlops_Table_HasTheH100Figures()
    {
        Assert.Equal(989.4e12, PeakFlops.PerSecond(DeviceModel.H100Sxm, Precision.Bf16));
        Assert.Equal(1978.9e12, PeakFlops.PerSecond(DeviceModel.H100Sxm, Precision.Fp8));
        Assert.False(PeakFlops.TryGet(DeviceModel.H100Sxm, Precision.Int8, out _));
        Assert.Throws<ArgumentException>(() => PeakFlops.PerSecond(DeviceModel.B200, Precision.Bf16));
    }
}
