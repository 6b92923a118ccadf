using Accord.Core.Commitments;
using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class DeviceModelsTests
{
    // The table in docs/attestation.md, "Device models", in FLOP/s (INT8 in OP/s).
    [Theory]
    [InlineData(DeviceModel.A100Sxm, Precision.Fp32, 19.5e12)]
    [InlineData(DeviceModel.A100Sxm, Precision.Tf32, 156e12)]
    [InlineData(DeviceModel.A100Sxm, Precision.Bf16, 312e12)]
    [InlineData(DeviceModel.A100Sxm, Precision.Fp16, 312e12)]
    [InlineData(DeviceModel.A100Sxm, Precision.Int8, 624e12)]
    [InlineData(DeviceModel.H100Sxm, Precision.Fp32, 66.9e12)]
    [InlineData(DeviceModel.H100Sxm, Precision.Tf32, 494.7e12)]
    [InlineData(DeviceModel.H100Sxm, Precision.Bf16, 989.4e12)]
    [InlineData(DeviceModel.H100Sxm, Precision.Fp16, 989.4e12)]
    [InlineData(DeviceModel.H100Sxm, Precision.Fp8, 1978.9e12)]
    [InlineData(DeviceModel.H100Sxm, Precision.Int8, 1978.9e12)]
    [InlineData(DeviceModel.H200Sxm, Precision.Fp32, 66.9e12)]
    [InlineData(DeviceModel.H200Sxm, Precision.Tf32, 494.7e12)]
    [InlineData(DeviceModel.H200Sxm, Precision.Bf16, 989.4e12)]
    [InlineData(DeviceModel.H200Sxm, Precision.Fp16, 989.4e12)]
    [InlineData(DeviceModel.H200Sxm, Precision.Fp8, 1978.9e12)]
    [InlineData(DeviceModel.H200Sxm, Precision.Int8, 1978.9e12)]
    [InlineData(DeviceModel.B200, Precision.Fp32, 75e12)]
    [InlineData(DeviceModel.B200, Precision.Tf32, 1.1e15)]
    [InlineData(DeviceModel.B200, Precision.Bf16, 2.25e15)]
    [InlineData(DeviceModel.B200, Precision.Fp16, 2.25e15)]
    [InlineData(DeviceModel.B200, Precision.Fp8, 4.5e15)]
    [InlineData(DeviceModel.B200, Precision.Int8, 4.5e15)]
    [InlineData(DeviceModel.GB200, Precision.Fp32, 80e12)]
    [InlineData(DeviceModel.GB200, Precision.Tf32, 1.25e15)]
    [InlineData(DeviceModel.GB200, Precision.Bf16, 2.5e15)]
    [InlineData(DeviceModel.GB200, Precision.Fp16, 2.5e15)]
    [InlineData(DeviceModel.GB200, Precision.Fp8, 5e15)]
    [InlineData(DeviceModel.GB200, Precision.Int8, 5e15)]
    public void PeakDenseFlopPerSecond_DocumentedModelAndPrecision_IsTheDatasheetFigure(DeviceModel model, Precision precision, double expected)
    {
        // Act
        var peak = DeviceModels.PeakDenseFlopPerSecond(model, precision);

        // Assert
        Assert.True(DeviceModels.Supports(model, precision));
        Assert.Equal(expected, peak);
    }

    [Fact]
    public void PeakDenseFlopPerSecond_A100Fp8_ThrowsArgumentException()
    {
        // Act
        Action act = () => DeviceModels.PeakDenseFlopPerSecond(DeviceModel.A100Sxm, Precision.Fp8);

        // Assert
        Assert.False(DeviceModels.Supports(DeviceModel.A100Sxm, Precision.Fp8));
        var error = Assert.Throws<ArgumentException>(act);
        Assert.Equal("precision", error.ParamName);
    }

    [Fact]
    public void Supports_EveryPairExceptA100Fp8_IsTrue()
    {
        // Act
        var unsupported = DeviceModels.All
            .SelectMany(model => Enum.GetValues<Precision>().Select(precision => (model, precision)))
            .Where(pair => !DeviceModels.Supports(pair.model, pair.precision))
            .ToList();

        // Assert
        Assert.Equal([(DeviceModel.A100Sxm, Precision.Fp8)], unsupported);
    }

    [Theory]
    [InlineData((DeviceModel)99, Precision.Bf16)]
    [InlineData(DeviceModel.H100Sxm, (Precision)99)]
    public void Supports_UndefinedModelOrPrecision_ThrowsArgumentOutOfRange(DeviceModel model, Precision precision)
    {
        // Act
        Action act = () => DeviceModels.Supports(model, precision);

        // Assert
        Assert.Throws<ArgumentOutOfRangeException>(act);
    }

    [Fact]
    public void PeakDenseFlopPerSecond_EverySupportedPair_IsAWholeNumberBelowTwoTo53()
    {
        foreach (var model in DeviceModels.All)
        {
            foreach (var precision in Enum.GetValues<Precision>().Where(p => DeviceModels.Supports(model, p)))
            {
                // Act
                var peak = DeviceModels.PeakDenseFlopPerSecond(model, precision);

                // Assert: exactly representable, so the table is the documented figure bit for bit.
                Assert.Equal(Math.Floor(peak), peak);
                Assert.InRange(peak, 1, 9_007_199_254_740_992);
            }
        }
    }

    [Fact]
    public void PeakDenseFlopPerSecond_Fp16_EqualsBf16ForEveryModel()
    {
        foreach (var model in DeviceModels.All)
        {
            Assert.Equal(
                DeviceModels.PeakDenseFlopPerSecond(model, Precision.Bf16),
                DeviceModels.PeakDenseFlopPerSecond(model, Precision.Fp16));
        }
    }

    [Theory]
    [InlineData(DeviceModel.H100Sxm)]
    [InlineData(DeviceModel.H200Sxm)]
    [InlineData(DeviceModel.B200)]
    [InlineData(DeviceModel.GB200)]
    public void PeakDenseFlopPerSecond_Int8_EqualsFp8WhereTheVendorSaysSo(DeviceModel model)
    {
        Assert.Equal(
            DeviceModels.PeakDenseFlopPerSecond(model, Precision.Fp8),
            DeviceModels.PeakDenseFlopPerSecond(model, Precision.Int8));
    }

    [Theory]
    [InlineData(DeviceModel.A100Sxm, 312.0 / 989.4)]
    [InlineData(DeviceModel.H100Sxm, 1.0)]
    [InlineData(DeviceModel.H200Sxm, 1.0)]
    [InlineData(DeviceModel.B200, 2250.0 / 989.4)]
    [InlineData(DeviceModel.GB200, 2500.0 / 989.4)]
    public void H100Equivalents_ByModel_IsBf16DensePeakOverH100s(DeviceModel model, double expected)
    {
        // Act
        var equivalents = DeviceModels.H100Equivalents(model);

        // Assert
        Assert.Equal(expected, equivalents, 1e-12);
    }
}
