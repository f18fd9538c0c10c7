namespace Packetflix.Linux;

/// <summary>What <see cref="RootedFile"/> found.</summary>
public enum RootedFileStatus
{
    /// <summary>Read whole.</summary>
    Read,

    /// <summary>Cannot be opened or read (see the errno): missing, no permission, the process gone.</summary>
    Failed,

    /// <summary>Not a regular file (a FIFO, a device, a directory): not opened for reading at all.</summary>
    NotRegularFile,

    /// <summary>Larger than the caller's limit.</summary>
    TooLarge,
}
