package io.wharf.http.ops;

import io.wharf.core.security.PasswordHasher;
import io.wharf.http.ops.UsersFileEditor.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersFileEditorTest {

    private static final PasswordHasher FAST = new PasswordHasher(1000);

    @Test
    void createsTheFileOwnerOnlyAndAddsUsers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users");
        assertThat(UsersFileEditor.put(f, "alice", FAST.hash("a".toCharArray()))).isEqualTo(Change.ADDED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(UsersFileEditor.put(f, "bob", FAST.hash("b".toCharArray()))).isEqualTo(Change.ADDED);
        UsersFile users = UsersFile.load(f);
        assertThat(users.users()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(users.verify("alice", "a")).isTrue();
        assertThat(users.verify("bob", "b")).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("users");
        }
    }

    @Test
    void replacesAUserKeepingEverythingElse(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users");
        String old = FAST.hash("old".toCharArray());
        String bob = FAST.hash("b".toCharArray());
        Files.writeString(f, "# team\nalice:" + old + "\n\nbob:" + bob + "\nalice:" + old + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        String fresh = FAST.hash("new".toCharArray());
        assertThat(UsersFileEditor.put(f, "alice", fresh)).isEqualTo(Change.REPLACED);
        assertThat(Files.readAllLines(f)).containsExactly("# team", "alice:" + fresh, "", "bob:" + bob);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-r-----");
        UsersFile users = UsersFile.load(f);
        assertThat(users.verify("alice", "new")).isTrue();
        assertThat(users.verify("alice", "old")).isFalse();
    }

    @Test
    void refusesBadNamesAndHashes(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("users");
        assertThatThrownBy(() -> UsersFileEditor.put(f, "a:b", FAST.hash("x".toCharArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not contain ':'");
        assertThatThrownBy(() -> UsersFileEditor.put(f, "alice", "plain"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(f).doesNotExist();
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
