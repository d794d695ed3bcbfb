package org.strowger.core.media.file;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.strowger.core.log.LogText;

/*
 * What went wrong with a file, in a few words for a MediaException that names the file itself: the file-system
 * exceptions carry the path in their message, so their reason is used instead ("Not a directory", "permission
 * denied"), and other messages (WavReader's, a disk's) are escaped, since a path or a device's text is not trusted.
 */
public final class FileErrorText {
    private FileErrorText() {
    }

    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return LogText.escape(f.getReason());
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : LogText.escape(e.getMessage());
    }
}
