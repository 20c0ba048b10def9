package dev.hookbus.devstack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A command prefix that runs a command with a directory on a file system of its own that is full: a 64 KiB tmpfs
 * mounted there in a mount namespace of the command's own (nothing outside sees it, nothing is left behind), with a
 * {@code spool} directory made and the rest filled to the last block. Needs root or CAP_SYS_ADMIN.
 */
public final class FullDisk {
    private FullDisk() {
    }

    /** {@code prefix(dir)} followed by the command and its arguments. */
    public static List<String> prefix(Path dir) {
        return List.of("unshare", "--mount", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\" && mkdir \"$0/spool\""
                + " && { head -c 1000000 /dev/zero >\"$0/filler\" 2>/dev/null; exec \"$@\"; }", dir.toString());
    }

    /** Whether this machine lets a process have a mount namespace of its own. */
    public static boolean available() {
        try {
            return new ProcessBuilder("unshare", "--mount", "true").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
