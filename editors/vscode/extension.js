// extension.js: starts `rbdc lsp` (Language Server Protocol on stdio) for .rbd files. Highlighting needs none of it:
// the TextMate grammar works on its own, and a missing or older rbdc (without `lsp`) only logs a message.
'use strict';
const vscode = require('vscode');

let client;

async function activate(context) {
	const config = vscode.workspace.getConfiguration('rbdc');
	if (!config.get('languageServer', true)) return;
	let lc;
	try {
		lc = require('vscode-languageclient/node');
	} catch (e) {
		vscode.window.showWarningMessage('rbdc: vscode-languageclient is not installed; run npm install in the extension folder');
		return;
	}
	const command = config.get('path', 'rbdc');
	const serverOptions = { command, args: ['lsp'], transport: lc.TransportKind.stdio };
	const clientOptions = {
		documentSelector: [{ scheme: 'file', language: 'rbd' }, { scheme: 'untitled', language: 'rbd' }],
		synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.rbd') },
	};
	client = new lc.LanguageClient('rbdc', 'rbdc language server', serverOptions, clientOptions);
	try {
		await client.start();
	} catch (e) {
		client.outputChannel.appendLine(`rbdc: could not start '${command} lsp': ${e.message}`);
	}
	context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
	return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
