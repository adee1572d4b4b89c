// Amazon MSK configurations: the server properties of an `aws_msk_configuration` Terraform resource (its
// `server_properties` heredoc, string or file(...), and `kafka_versions`), the `aws_msk_cluster` that uses it
// (`kafka_version`, `number_of_broker_nodes`), or a configuration's text as the console and `aws kafka
// create-configuration --server-properties` take it. Every MSK file sets kafka.platform=msk, whose defaults differ.
// Reference: registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/msk_configuration and msk_cluster.
import { dirname, join } from 'node:path'
import { invalidValue, type Origin } from '../../spec/index.js'
import { DeploymentBuilder, readText, type DeploymentRead } from './deployment.js'
import { malformed, type InputIssue } from './errors.js'
import { isHclError, parseHcl, type HclAttribute, type HclBlock, type HclValue } from './hcl.js'
import { parseProperties } from './properties.js'

/**
 * An MSK version as Kafka's: "3.6.0" stays, "3.7.x" (MSK picks the patch) is 3.7, "2.8.2.tiered" is 2.8.2, and
 * "3.7.x.kraft" is 3.7 in KRaft mode (docs.aws.amazon.com/msk/latest/developerguide/supported-kafka-versions.html).
 */
export function mskVersion(text: string): { readonly version: string; readonly kraft: boolean } | null {
  const match = /^(\d+\.\d+)(?:\.(\d+|x))?/i.exec(text.trim())
  if (match === null) return null
  const [, minor, patch] = match
  return {
    version: patch === undefined || patch.toLowerCase() === 'x' ? minor! : `${minor}.${patch}`,
    kraft: /\.kraft$/i.test(text.trim()),
  }
}

/** Whether a properties file is an MSK configuration by its name (msk-configuration.txt, msk.properties). */
export const isMskPropertiesName = (file: string): boolean => /msk/i.test(file.split(/[\\/]/).pop() ?? '')

/** An MSK configuration text (server properties) as broker entries, with kafka.platform=msk. */
export function readMskProperties(file: string, text: string): DeploymentRead {
  const builder = new DeploymentBuilder()
  builder.set('kafka', 'platform', 'msk', { file, line: null })
  for (const { key, value, line } of parseProperties(text)) builder.set('broker', key, value, { file, line })
  return builder.build('msk-properties')
}

const attribute = (block: HclBlock, name: string): HclAttribute | undefined =>
  block.attributes.find(a => a.name === name)

const resources = (root: HclBlock, type: string): HclBlock[] =>
  root.blocks.filter(b => b.type === 'resource' && b.labels[0] === type)

const nameOf = (block: HclBlock) => block.labels[1] ?? ''

/** A literal value, or a `var.NAME` whose variable block in the same file has a literal default. */
function literal(root: HclBlock, file: string, value: HclValue): { text: string; origin: Origin } | null {
  if (value.kind === 'string' && !value.interpolated) return { text: value.text, origin: { file, line: value.line } }
  if (value.kind !== 'expression') return null
  if (/^-?\d+(\.\d+)?$/.test(value.text)) return { text: value.text, origin: { file, line: value.line } }
  const variable = /^var\.([A-Za-z_][A-Za-z0-9_-]*)$/.exec(value.text)?.[1]
  const declared = root.blocks.find(b => b.type === 'variable' && b.labels[0] === variable)
  const fallback = declared === undefined ? undefined : attribute(declared, 'default')
  return fallback === undefined || (fallback.value.kind === 'expression' && fallback.value.text.startsWith('var.'))
    ? null
    : literal(root, file, fallback.value)
}

/** server_properties as (key, value, origin) lines: a heredoc, a string, or file("...") next to the .tf file. */
function serverProperties(
  file: string,
  cwd: string,
  attr: HclAttribute,
): { key: string; value: string; origin: Origin }[] | InputIssue {
  const { value } = attr
  if (value.kind === 'heredoc')
    return parseProperties(value.text).map(p => ({
      key: p.key,
      value: p.value,
      origin: { file, line: value.firstLine + p.line - 1 },
    }))
  if (value.kind === 'string' && !value.interpolated)
    return parseProperties(value.text).map(p => ({ key: p.key, value: p.value, origin: { file, line: value.line } }))
  const path = value.kind === 'expression' ? /^file\(\s*"([^"]+)"\s*\)$/.exec(value.text)?.[1] : undefined
  if (path === undefined)
    return invalidValue(
      { file, line: attr.line },
      'broker',
      'server_properties',
      value.kind === 'expression' || value.kind === 'string' ? value.text : '[…]',
      'a heredoc (<<PROPERTIES ... PROPERTIES), a string, or file("server.properties") next to the .tf file',
    )
  const propertiesFile = join(dirname(file), path.replace(/^\$\{path\.(module|root)\}\//, ''))
  const text = readText(propertiesFile, cwd)
  if (typeof text !== 'string') return text
  return parseProperties(text).map(p => ({
    key: p.key,
    value: p.value,
    origin: { file: propertiesFile, line: p.line },
  }))
}

/** The configuration a cluster uses: `configuration_info { arn = aws_msk_configuration.NAME.arn }`. */
const configurationOf = (cluster: HclBlock): string | undefined => {
  const info = cluster.blocks.find(b => b.type === 'configuration_info')
  const arn = info === undefined ? undefined : attribute(info, 'arn')?.value
  return arn?.kind === 'expression' ? /^aws_msk_configuration\.([^.]+)\.arn$/.exec(arn.text)?.[1] : undefined
}

/** A Terraform file with an aws_msk_configuration (and perhaps the aws_msk_cluster using it). */
export function readMskTerraform(file: string, text: string, cwd: string): DeploymentRead | InputIssue {
  const root = parseHcl(text)
  if (isHclError(root)) return malformed(file, root.line, root.column, root.reason)
  const builder = new DeploymentBuilder()
  const configurations = resources(root, 'aws_msk_configuration')
  const clusters = resources(root, 'aws_msk_cluster')
  const allowed = 'a resource "aws_msk_configuration" with server_properties, or an "aws_msk_cluster"'
  if (configurations.length === 0 && clusters.length === 0)
    return invalidValue({ file, line: root.blocks[0]?.line ?? 1 }, 'broker', 'resource', '(none)', allowed)

  const referenced = clusters.map(configurationOf).filter(name => name !== undefined)
  const configuration =
    configurations.length === 1 ? configurations[0] : configurations.find(c => referenced.includes(nameOf(c)))
  if (configuration === undefined && configurations.length > 1)
    return invalidValue(
      { file, line: configurations[1]!.line },
      'broker',
      'aws_msk_configuration',
      configurations.map(nameOf).join(', '),
      'one aws_msk_configuration, or the one an aws_msk_cluster in the file uses (configuration_info.arn)',
    )
  const users = clusters.filter(c => configuration !== undefined && configurationOf(c) === nameOf(configuration))
  const cluster = users[0] ?? (clusters.length === 1 ? clusters[0] : undefined)
  if (cluster === undefined && clusters.length > 1)
    return invalidValue(
      { file, line: clusters[1]!.line },
      'cluster',
      'aws_msk_cluster',
      clusters.map(nameOf).join(', '),
      'one aws_msk_cluster, or the one whose configuration_info names the aws_msk_configuration',
    )

  builder.set('kafka', 'platform', 'msk', { file, line: (configuration ?? cluster)!.line })
  if (configuration !== undefined) {
    const properties = attribute(configuration, 'server_properties')
    if (properties === undefined)
      return invalidValue(
        { file, line: configuration.line },
        'broker',
        'server_properties',
        '(missing)',
        'the text of server.properties, as aws_msk_configuration requires',
      )
    const lines = serverProperties(file, cwd, properties)
    if (!Array.isArray(lines)) return lines
    for (const { key, value, origin } of lines) builder.set('broker', key, value, origin)
  }

  // The running version is the cluster's; a configuration lists the versions it may be used with.
  const versions = configuration === undefined ? undefined : attribute(configuration, 'kafka_versions')?.value
  const listed = versions?.kind === 'list' ? versions.items.map(item => literal(root, file, item)) : []
  const clusterVersion = cluster === undefined ? undefined : attribute(cluster, 'kafka_version')
  const version = clusterVersion === undefined ? listed[0] : literal(root, file, clusterVersion.value)
  const parsed = version === null || version === undefined ? null : mskVersion(version.text)
  if (version !== null && version !== undefined) {
    builder.set('kafka', 'version', parsed?.version ?? version.text, version.origin)
    if (parsed?.kraft === true) builder.set('kafka', 'metadata', 'kraft', version.origin)
    if (clusterVersion === undefined && listed.length > 1)
      builder.note(
        'note',
        version.origin,
        'kafka',
        'version',
        `the configuration is for Kafka ${listed.map(v => v?.text ?? '?').join(', ')}; kafkacheck checks ` +
          `${version.text} (--kafka-version checks another)`,
      )
  } else if (clusterVersion !== undefined)
    builder.note(
      'note',
      { file, line: clusterVersion.line },
      'kafka',
      'version',
      'kafka_version is not a literal; not read',
    )

  const nodes = cluster === undefined ? undefined : attribute(cluster, 'number_of_broker_nodes')
  const brokers = nodes === undefined ? null : literal(root, file, nodes.value)
  if (brokers !== null) builder.set('cluster', 'brokers', brokers.text, brokers.origin)
  else if (nodes !== undefined)
    builder.note(
      'note',
      { file, line: nodes.line },
      'cluster',
      'brokers',
      'number_of_broker_nodes is not a literal or a variable with a default in this file; not read',
    )
  return builder.build('msk-terraform')
}

/** Whether a text is Terraform with an MSK resource. */
export const isMskTerraform = (text: string): boolean => /^\s*resource\s+"aws_msk_(configuration|cluster)"/m.test(text)
