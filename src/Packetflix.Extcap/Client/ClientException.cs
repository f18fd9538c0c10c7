namespace Packetflix.Extcap.Client;

/// <summary>An error meant for the person: its message is printed as is, without a stack trace.</summary>
internal sealed class ClientException : Exception
{
    public ClientException(string message)
        : base(message)
    {
    }

    public ClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ClientException()
    {
    }
}
