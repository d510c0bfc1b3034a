<?xml version="1.0" encoding="UTF-8"?>
<!--
  Turns an ISO Schematron schema (queryBinding xslt2) into an XSLT stylesheet that reports every
  failed assert and successful report as <failed> / <reported> with its id, role and message.
  Written for the NEMSIS national rules (tests/nemsis/schematron.ts runs it with Saxon-HE):
  patterns, rules (the first rule whose context matches a node fires, per pattern), let at
  schema and rule level, assert, report, value-of and name, and the foreign xsl:variable and
  xsl:key the schema declares. Diagnostics and properties are ignored: the role, id and
  message are all a test needs.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:axsl="urn:rigside:xsl-alias"
  xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>
  <xsl:output method="xml" indent="yes"/>

  <xsl:template match="/sch:schema">
    <axsl:stylesheet version="3.0">
      <!-- The xslt2 query binding makes the XML Schema types available as xs:. -->
      <xsl:namespace name="xs" select="'http://www.w3.org/2001/XMLSchema'"/>
      <xsl:for-each select="sch:ns">
        <xsl:namespace name="{@prefix}" select="@uri"/>
      </xsl:for-each>
      <xsl:copy-of select="xsl:*"/>
      <xsl:for-each select="sch:let | sch:pattern/sch:let">
        <axsl:variable name="{@name}" select="{@value}"/>
      </xsl:for-each>
      <axsl:template match="/">
        <results>
          <xsl:for-each select="sch:pattern">
            <axsl:apply-templates select="/" mode="pattern-{position()}"/>
          </xsl:for-each>
        </results>
      </axsl:template>
      <xsl:for-each select="sch:pattern">
        <xsl:variable name="mode" select="concat('pattern-', position())"/>
        <xsl:for-each select="sch:rule[not(@abstract = 'true')]">
          <!-- Earlier rules take precedence: within a pattern a node fires only its first rule. -->
          <axsl:template match="{@context}" mode="{$mode}" priority="{1000 - position()}">
            <xsl:for-each select="sch:let">
              <axsl:variable name="{@name}" select="{@value}"/>
            </xsl:for-each>
            <xsl:apply-templates select="sch:assert | sch:report"/>
            <axsl:apply-templates select="@* | *" mode="{$mode}"/>
          </axsl:template>
        </xsl:for-each>
        <axsl:template match="/ | @* | node()" mode="{$mode}" priority="-2">
          <axsl:apply-templates select="@* | *" mode="{$mode}"/>
        </axsl:template>
      </xsl:for-each>
    </axsl:stylesheet>
  </xsl:template>

  <xsl:template match="sch:assert">
    <axsl:if test="not({@test})">
      <failed id="{@id}" role="{@role}" pattern="{../../@id}" rule="{../@id}">
        <axsl:attribute name="location" select="path()"/>
        <xsl:apply-templates select="node()" mode="message"/>
      </failed>
    </axsl:if>
  </xsl:template>

  <xsl:template match="sch:report">
    <axsl:if test="{@test}">
      <reported id="{@id}" role="{@role}" pattern="{../../@id}" rule="{../@id}">
        <axsl:attribute name="location" select="path()"/>
        <xsl:apply-templates select="node()" mode="message"/>
      </reported>
    </axsl:if>
  </xsl:template>

  <xsl:template match="sch:value-of" mode="message">
    <axsl:value-of select="{@select}"/>
  </xsl:template>
  <xsl:template match="sch:name" mode="message">
    <axsl:value-of select="name({(@path, '.')[1]})"/>
  </xsl:template>
  <xsl:template match="text()" mode="message">
    <axsl:text><xsl:value-of select="replace(., '\s+', ' ')"/></axsl:text>
  </xsl:template>
  <xsl:template match="*" mode="message">
    <xsl:apply-templates select="node()" mode="message"/>
  </xsl:template>
</xsl:stylesheet>
