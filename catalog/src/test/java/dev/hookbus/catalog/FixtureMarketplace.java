package dev.hookbus.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fixture: marketplace "acme-market" with plugins alpha, beta, gamma and every quirk real marketplaces have.
 * Built byte by byte so CRLF, BOM and tabs are exactly what the tests say.
 */
final class FixtureMarketplace {
    /** The directory; its manifest names the marketplace {@link #MP}, as Claude Code calls it. */
    static final String DIR = "acme-market";
    static final String MP = "acme";

    private FixtureMarketplace() {
    }

    static Path create(Path parent) throws IOException {
        Path root = parent.resolve(DIR);
        write(root, ".claude-plugin/marketplace.json", """
                {"name":"acme","owner":{"name":"Acme"},"metadata":{"description":"Acme's plugins"},"plugins":[]}""");

        // alpha: clean YAML everywhere
        write(root, "plugins/alpha/.claude-plugin/plugin.json", """
                {"name":"alpha","version":"1.2.0","description":"Alpha tools","author":{"name":"A"}}""");
        write(root, "plugins/alpha/agents/code-reviewer.md", """
                ---
                name: reviewer
                description: Reviews code for bugs
                model: sonnet
                color: blue
                tools: Read, Grep, Glob
                ---
                You review code.
                """);
        write(root, "plugins/alpha/agents/listed-tools.md", """
                ---
                name: listed-tools
                description: "Quoted: with a colon"
                tools:
                  - Read
                  - Bash
                color: magenta
                ---
                Body.
                """);
        write(root, "plugins/alpha/commands/deploy.md", """
                ---
                description: Deploy the thing
                argument-hint: [--batch] [--scheduled]
                allowed-tools: Bash(git:*), Read
                ---
                Deploy $ARGUMENTS
                """);
        write(root, "plugins/alpha/commands/pick.md", """
                ---
                description: Pick one
                argument-hint: [x]
                ---
                Pick.
                """);
        write(root, "plugins/alpha/skills/pdf-tools/SKILL.md", """
                ---
                name: pdf
                description: |
                  Work with PDF files.
                  Extract text.
                allowed-tools:
                  - Read
                  - Write
                ---
                # PDF
                """);
        write(root, "plugins/alpha/hooks/hooks.json", """
                {"description":"format on save","hooks":{
                  "PostToolUse":[{"matcher":"Write|Edit","hooks":[
                     {"type":"command","command":"${CLAUDE_PLUGIN_ROOT}/fmt.sh","timeout":30},
                     {"type":"command","command":"echo done"}]}],
                  "SessionStart":[{"hooks":[{"type":"command","command":"echo hi"}]}],
                  "Stop":[]}, "extra":{"ignored":true}}""");

        // beta: frontmatter that is not YAML, CRLF, BOM, tabs, trailing spaces, missing closing ---, no frontmatter
        write(root, "plugins/beta/commands/batch.md", """
                ---
                description: Run batches
                argument-hint: [a,b,...] (e.g., x)
                allowed-tools: Bash, Read
                ---
                Batch.
                """);
        writeBytes(root, "plugins/beta/agents/windows.md",
                ("\uFEFF---\r\nname: windows\r\ndescription: Written on Windows   \r\nmodel: haiku\r\n---\r\nBody\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        write(root, "plugins/beta/agents/tabbed.md", "---\nname:\ttabbed\ndescription:\tUses tabs\n\tafter a key\ncolor: red\n---\nx\n");
        write(root, "plugins/beta/agents/unclosed.md", "---\nname: unclosed\ndescription: Never closed\nmodel: opus\n\nThe body starts here.\n");
        write(root, "plugins/beta/skills/plain/SKILL.md", "# Plain skill\n\nNo frontmatter at all.\n");
        write(root, "plugins/beta/hooks/hooks.json", "{\"hooks\":[]}");
        write(root, "plugins/beta/.claude-plugin/plugin.json", "{ not json");

        // gamma: no manifest, broken and odd hooks.json shapes elsewhere
        write(root, "plugins/gamma/commands/empty-front.md", "---\n---\nFirst line is the description.\n");
        write(root, "plugins/gamma/hooks/hooks.json", "{\"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bash\", \"hooks\": [ }");
        write(root, "plugins/gamma/agents/huge.md", "---\nname: huge\n---\n" + "x".repeat(ComponentParser.MAX_BYTES));
        write(root, "plugins/gamma/README.md", "not a component");
        write(root, "plugins/gamma/agents/notes.txt", "not a component");
        return root;
    }

    static void write(Path root, String relative, String content) throws IOException {
        writeBytes(root, relative, content.getBytes(StandardCharsets.UTF_8));
    }

    static void writeBytes(Path root, String relative, byte[] bytes) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
