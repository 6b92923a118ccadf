using Accord.Agent.Chips;

namespace Accord.Agent.Tests.Chips;

public sealed class NvmlChipReaderTests
{
    [Fact]
    public void TryOpen_OnThisMachine_OpensOnlyWhereTheDriverLoads()
    {
        using var reader = NvmlChipReader.TryOpen(0, TimeProvider.System, "w", [], out var problem);

        if (!NvmlChipReader.IsAvailable())
        {
            // No NVIDIA driver (CI): refused with a reason, nothing thrown.
            Assert.Null(reader);
            Assert.Contains(NvmlChipReader.LibraryName, problem, StringComparison.Ordinal);
            Assert.Throws<InvalidOperationException>(() => AgentRunner.CreateChip(new AgentDeviceOptions { DeviceId = "GPU-1", Chip = "nvml" }, TimeProvider.System));
            return;
        }

        Assert.NotNull(reader);
        Assert.Null(problem);
        var raw = reader.ReadRaw();
        Assert.InRange(raw.GpuUtilizationPercent, 0u, 100u);
        Assert.InRange(raw.PowerMilliwatts, 1_000u, 2_000_000u);
        Assert.NotEmpty(reader.Name);
    }
}
