namespace Accord.PropertyTests.Infrastructure;

/// <summary>Runs a parser or verifier and lets through only its documented refusal.</summary>
internal static class Expect
{
    /// <summary>
    /// Returns the result of <paramref name="call"/>, or default when it threw exactly
    /// <typeparamref name="TRefusal"/>. Any other exception fails the property with its type.
    /// </summary>
    public static (bool Accepted, T? Value) Of<T, TRefusal>(Func<T> call)
        where TRefusal : Exception
    {
        try
        {
            return (true, call());
        }
        catch (TRefusal)
        {
            return (false, default);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"unexpected {e.GetType().FullName} instead of {typeof(TRefusal).Name}: {e}");
        }
    }

    /// <summary>As <see cref="Of{T, TRefusal}"/> for a call that refuses with either of two types.</summary>
    public static bool Accepts<TRefusal1, TRefusal2>(Action call)
        where TRefusal1 : Exception
        where TRefusal2 : Exception
    {
        try
        {
            call();
            return true;
        }
        catch (Exception e) when (e is TRefusal1 or TRefusal2)
        {
            return false;
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"unexpected {e.GetType().FullName} instead of {typeof(TRefusal1).Name} or {typeof(TRefusal2).Name}: {e}");
        }
    }

    /// <summary>Fails with the exception's type when <paramref name="call"/> throws anything.</summary>
    public static T NeverThrows<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"unexpected {e.GetType().FullName}: {e}");
        }
    }
}
